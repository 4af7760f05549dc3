#include "graph/paths.h"

#include <cmath>
#include <limits>
#include <unordered_map>

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

namespace kg {
namespace {

using Csr = SignedView::Csr;

// The link between view vertices u and v. Requires: they are linked.
const SignedLink& LinkBetween(const Csr& csr, std::size_t u, std::size_t v) {
  auto [it, end] = boost::out_edges(u, csr);
  for (; it != end && boost::target(*it, csr) != v; ++it) {
  }
  return csr[*it];
}

// A chain of view vertices, turned into steps over ActorGraph vertices.
ActorPath MakePath(const SignedView& view,
                   const std::vector<std::size_t>& chain,
                   const PathOptions& options) {
  ActorPath path;
  path.strength = 1;
  path.sign = 1;
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    const SignedLink& link = LinkBetween(view.csr(), chain[i], chain[i + 1]);
    const double strength = LinkStrength(link, options);
    path.steps.push_back({view.actor_vertex(chain[i]),
                          view.actor_vertex(chain[i + 1]), link, strength});
    path.strength *= strength;
    path.sign *= link.sign();
  }
  return path;
}

// Chains through signed links, with a running score and the best per sign.
class ChainCollector {
 public:
  ChainCollector(const SignedView& view, const PathOptions& options)
      : view_(view), options_(options) {}

  void Add(const std::vector<std::size_t>& chain,
           const std::vector<const SignedLink*>& links) {
    double strength = 1;
    int sign = 1;
    for (const SignedLink* link : links) {
      strength *= LinkStrength(*link, options_);
      sign *= link->sign();
    }
    ++count_;
    score_ += sign * strength;
    Best& best = sign > 0 ? best_positive_ : best_negative_;
    ++best.chains;
    if (strength > best.strength) {
      best.strength = strength;
      best.chain = chain;
    }
  }

  bool full() const { return count_ >= options_.max_chains; }

  std::optional<InferredStance> Result() const {
    const double tolerance = 1e-12 * std::max<std::size_t>(1, count_);
    if (count_ == 0 || std::abs(score_) <= tolerance) return std::nullopt;
    const Best& agreeing = score_ > 0 ? best_positive_ : best_negative_;
    const Best& disagreeing = score_ > 0 ? best_negative_ : best_positive_;
    InferredStance stance;
    stance.score = score_;
    stance.agreeing = agreeing.chains;
    stance.disagreeing = disagreeing.chains;
    stance.strongest = MakePath(view_, agreeing.chain, options_);
    return stance;
  }

 private:
  struct Best {
    std::size_t chains = 0;
    double strength = -1;
    std::vector<std::size_t> chain;
  };

  const SignedView& view_;
  const PathOptions& options_;
  std::size_t count_ = 0;
  double score_ = 0;
  Best best_positive_;
  Best best_negative_;
};

// Signed neighbours of view vertex v, in key order.
std::vector<std::pair<std::size_t, const SignedLink*>> SignedNeighbours(
    const Csr& csr, std::size_t v) {
  std::vector<std::pair<std::size_t, const SignedLink*>> neighbours;
  for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
    if (csr[*it].sign() != 0) {
      neighbours.emplace_back(boost::target(*it, csr), &csr[*it]);
    }
  }
  return neighbours;
}

}  // namespace

double LinkStrength(const SignedLink& link, const PathOptions& options) {
  const double mass =
      link.mass + options.neutral_mass * static_cast<double>(link.neutral);
  if (!std::isfinite(mass) || mass <= 0) return 0;
  return mass / (mass + 1);
}

std::optional<ActorPath> StrongestPath(const ActorGraph& graph,
                                       const SignedView& view, std::size_t from,
                                       std::size_t to,
                                       const PathOptions& options) {
  if (from == to || from >= graph.num_actors() || to >= graph.num_actors()) {
    return std::nullopt;
  }
  const Csr& csr = view.csr();
  const std::size_t n = view.num_vertices();
  const double unreachable = std::numeric_limits<double>::max();
  std::vector<double> cost(boost::num_edges(csr));
  for (auto [it, end] = boost::edges(csr); it != end; ++it) {
    const double strength = LinkStrength(csr[*it], options);
    cost[boost::get(boost::edge_index, csr, *it)] =
        strength > 0 ? -std::log(strength) : unreachable;
  }
  std::vector<std::size_t> predecessor(n);
  std::vector<double> distance(n, unreachable);
  const std::size_t source = view.view_vertex(from);
  const std::size_t target = view.view_vertex(to);
  const auto index = boost::get(boost::vertex_index, csr);
  boost::dijkstra_shortest_paths(
      csr, source,
      boost::predecessor_map(
          boost::make_iterator_property_map(predecessor.begin(), index))
          .distance_map(
              boost::make_iterator_property_map(distance.begin(), index))
          .weight_map(boost::make_iterator_property_map(
              cost.begin(), boost::get(boost::edge_index, csr))));
  if (distance[target] == unreachable) return std::nullopt;
  std::vector<std::size_t> chain{target};
  while (chain.back() != source) chain.push_back(predecessor[chain.back()]);
  std::reverse(chain.begin(), chain.end());
  return MakePath(view, chain, options);
}

std::optional<InferredStance> InferStance(const ActorGraph& graph,
                                          const SignedView& view,
                                          std::size_t from, std::size_t to,
                                          const PathOptions& options) {
  if (from == to || from >= graph.num_actors() || to >= graph.num_actors() ||
      options.max_hops < 2) {
    return std::nullopt;
  }
  const Csr& csr = view.csr();
  const std::size_t x = view.view_vertex(from);
  const std::size_t y = view.view_vertex(to);
  std::unordered_map<std::size_t, const SignedLink*> into_y;
  for (const auto& [v, link] : SignedNeighbours(csr, y)) into_y[v] = link;
  ChainCollector chains(view, options);
  for (const auto& [a, first] : SignedNeighbours(csr, x)) {
    if (a == y) continue;
    if (auto last = into_y.find(a); last != into_y.end()) {
      chains.Add({x, a, y}, {first, last->second});
    }
    if (options.max_hops < 3) continue;
    for (const auto& [b, second] : SignedNeighbours(csr, a)) {
      if (b == x || b == y || chains.full()) continue;
      if (auto last = into_y.find(b); last != into_y.end()) {
        chains.Add({x, a, b, y}, {first, second, last->second});
      }
    }
    if (chains.full()) break;
  }
  return chains.Result();
}

}  // namespace kg
