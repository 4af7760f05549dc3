#include "graph/alliances.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>

#include "graph/signed_view.h"

namespace kg {
namespace {

// The links with a sign, as flat adjacency arrays over view vertices.
struct SignedAdjacency {
  std::vector<std::size_t> offsets;  // Size n + 1.
  std::vector<std::size_t> targets;
  std::vector<double> weights;

  std::size_t size() const { return offsets.size() - 1; }
};

SignedAdjacency Adjacency(const SignedView& view) {
  SignedAdjacency adjacency;
  const SignedView::Csr& csr = view.csr();
  adjacency.offsets.push_back(0);
  for (std::size_t v = 0; v < view.num_vertices(); ++v) {
    for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
      const SignedLink& link = csr[*it];
      if (link.sign() == 0) continue;
      adjacency.targets.push_back(boost::target(*it, csr));
      adjacency.weights.push_back(link.weight);
    }
    adjacency.offsets.push_back(adjacency.targets.size());
  }
  return adjacency;
}

std::size_t Find(std::vector<std::size_t>& parent, std::size_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

// Labels every bloc by its smallest vertex, so labels stay below n and are
// a property of the partition alone.
void Normalize(std::vector<std::size_t>& bloc) {
  // Labels are below 2n (MoveVertices); the first vertex seen is the
  // smallest.
  std::vector<std::size_t> smallest(2 * bloc.size(), bloc.size());
  for (std::size_t v = 0; v < bloc.size(); ++v) {
    if (smallest[bloc[v]] == bloc.size()) smallest[bloc[v]] = v;
  }
  for (std::size_t& label : bloc) label = smallest[label];
}

std::vector<std::size_t> PositiveComponents(const SignedAdjacency& g) {
  std::vector<std::size_t> parent(g.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t v = 0; v < g.size(); ++v) {
    for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      if (g.weights[i] <= 0) continue;
      const std::size_t a = Find(parent, v);
      const std::size_t b = Find(parent, g.targets[i]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::vector<std::size_t> bloc(g.size());
  for (std::size_t v = 0; v < g.size(); ++v) bloc[v] = Find(parent, v);
  Normalize(bloc);
  return bloc;
}

// The smallest improvement worth a move: below it, float noise could make
// the search cycle.
double Tolerance(const SignedAdjacency& g) {
  double total = 0;
  for (double w : g.weights) total += std::abs(w);
  return 1e-12 * std::max(1.0, total);
}

// Marks v's neighbours: their best bloc may have changed.
void Activate(const SignedAdjacency& g, std::size_t v,
              std::vector<char>& active) {
  for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
    active[g.targets[i]] = 1;
  }
}

// Moves each active vertex, in order, to the bloc (or a new bloc of its own)
// where the fewest of its links are frustrated; on a tie with standing alone,
// a vertex with no friend in its bloc stands alone. A vertex's best bloc
// depends only on its neighbours' blocs, so only the neighbours of a vertex
// that moved need another look: they are activated (in this pass if they
// come later in the order). True if any vertex moved.
bool MoveVertices(const SignedAdjacency& g, double tolerance,
                  const std::vector<std::size_t>& order,
                  std::vector<char>& active, std::vector<std::size_t>& bloc) {
  const std::size_t n = g.size();
  // Labels n..2n-1 are spare: at most n blocs exist, so some label below 2n
  // is always free for a new bloc.
  std::vector<std::size_t> size(2 * n, 0);
  for (std::size_t label : bloc) ++size[label];
  std::vector<std::size_t> free_labels;
  for (std::size_t label = 2 * n; label-- > 0;) {
    if (size[label] == 0) free_labels.push_back(label);
  }
  std::vector<double> positive(2 * n, 0), negative(2 * n, 0);
  std::vector<std::size_t> touched;
  bool moved = false;
  for (std::size_t v : order) {
    if (!active[v]) continue;
    active[v] = 0;
    double positive_total = 0;
    for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      const std::size_t label = bloc[g.targets[i]];
      if (positive[label] == 0 && negative[label] == 0)
        touched.push_back(label);
      if (g.weights[i] > 0) {
        positive[label] += g.weights[i];
        positive_total += g.weights[i];
      } else {
        negative[label] -= g.weights[i];
      }
    }
    // Frustrated weight of v's links if v sits in bloc `label`.
    auto cost = [&](std::size_t label) {
      return negative[label] + positive_total - positive[label];
    };
    const std::size_t current = bloc[v];
    std::size_t best = current;
    double best_cost = cost(current);
    for (std::size_t label : touched) {
      if (label != current && cost(label) < best_cost - tolerance) {
        best = label;
        best_cost = cost(label);
      }
    }
    // A bloc holding none of v's friends costs at least what standing alone
    // does (every friendship of v is cut either way): v then stands alone,
    // so that no actor sits in a bloc without a positive tie to it.
    const bool alone_is_better =
        size[current] > 1 &&
        (positive_total < best_cost - tolerance || positive[best] <= 0);
    if (alone_is_better) {
      best = free_labels.back();
      free_labels.pop_back();
    }
    if (best != current) {
      --size[current];
      ++size[best];
      if (size[current] == 0) free_labels.push_back(current);
      bloc[v] = best;
      moved = true;
      Activate(g, v, active);
    }
    for (std::size_t label : touched) positive[label] = negative[label] = 0;
    touched.clear();
  }
  Normalize(bloc);
  return moved;
}

// The order the local search visits vertices in: most heavily linked
// first (they anchor their blocs), ties by key. The order, and so the
// local optimum reached, follows the graph's weights rather than the
// actors' names, except among exact ties.
std::vector<std::size_t> VisitOrder(const SignedAdjacency& g) {
  std::vector<double> strength(g.size(), 0);
  for (std::size_t v = 0; v < g.size(); ++v) {
    for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      strength[v] += std::abs(g.weights[i]);
    }
  }
  std::vector<std::size_t> order(g.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&strength](std::size_t a, std::size_t b) {
                     return strength[a] > strength[b];
                   });
  return order;
}

// Merges disjoint pairs of blocs joined by net positive weight, heaviest
// first: merging blocs A and B changes the frustration by -weight(A, B).
// The members of merged blocs and their neighbours become active.
bool MergeBlocs(const SignedAdjacency& g, double tolerance,
                std::vector<char>& active, std::vector<std::size_t>& bloc) {
  const std::size_t n = g.size();
  // The vertices of each bloc, in vertex order (a counting sort by label,
  // labels being below n after Normalize).
  std::vector<std::size_t> first(n + 1, 0);
  for (std::size_t label : bloc) ++first[label + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  std::vector<std::size_t> members(n);
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  for (std::size_t v = 0; v < n; ++v) members[next[bloc[v]]++] = v;
  // Weight from bloc a to each later bloc, summed in vertex then link order
  // so the result is deterministic; a dense array with a list of the labels
  // touched keeps each bloc's pass linear in its links.
  std::vector<double> between(n, 0);
  std::vector<char> seen(n, 0);
  std::vector<std::size_t> touched;
  std::vector<std::tuple<double, std::size_t, std::size_t>> candidates;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t m = first[a]; m < first[a + 1]; ++m) {
      const std::size_t v = members[m];
      for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
        const std::size_t b = bloc[g.targets[i]];
        if (b <= a) continue;
        if (!seen[b]) {
          seen[b] = 1;
          touched.push_back(b);
        }
        between[b] += g.weights[i];
      }
    }
    for (std::size_t b : touched) {
      if (between[b] > tolerance) candidates.emplace_back(between[b], a, b);
      between[b] = 0;
      seen[b] = 0;
    }
    touched.clear();
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& x, const auto& y) {
              if (std::get<0>(x) != std::get<0>(y)) {
                return std::get<0>(x) > std::get<0>(y);
              }
              return std::tie(std::get<1>(x), std::get<2>(x)) <
                     std::tie(std::get<1>(y), std::get<2>(y));
            });
  std::vector<std::size_t> into(n, n);
  bool merged = false;
  for (const auto& [weight, a, b] : candidates) {
    if (into[a] != n || into[b] != n) continue;
    into[a] = a;
    into[b] = a;
    merged = true;
  }
  if (!merged) return false;
  for (std::size_t v = 0; v < n; ++v) {
    if (into[bloc[v]] == n) continue;
    bloc[v] = into[bloc[v]];
    active[v] = 1;
    Activate(g, v, active);
  }
  Normalize(bloc);
  return true;
}

AllianceReport Describe(const SignedView& view, const SignedAdjacency& g,
                        const std::vector<std::size_t>& bloc) {
  AllianceReport report;
  const std::size_t n = g.size();
  std::vector<double> tie(n, 0);
  std::map<std::size_t, Bloc> blocs;
  std::vector<std::pair<std::size_t, FrustratedLink>> frustrated;
  for (std::size_t v = 0; v < n; ++v) {
    for (std::size_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      const std::size_t u = g.targets[i];
      const double w = g.weights[i];
      const bool inside = bloc[u] == bloc[v];
      if (inside && w > 0) tie[v] += w;
      if (u < v) continue;
      ++report.signed_links;
      report.total_weight += std::abs(w);
      Bloc& own = blocs[bloc[v]];
      if (inside)
        (w > 0 ? own.positive_inside : own.negative_inside) += std::abs(w);
      if (inside == (w > 0)) continue;
      ++report.frustrated_links;
      report.frustration += std::abs(w);
      const FrustratedLink link{view.actor_vertex(v), view.actor_vertex(u), w};
      frustrated.emplace_back(bloc[v], link);
      if (!inside) frustrated.emplace_back(bloc[u], link);
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (g.offsets[v] == g.offsets[v + 1]) continue;  // No signed link.
    blocs[bloc[v]].members.push_back(v);
  }
  for (auto& [label, links] : frustrated)
    blocs[label].frustrated.push_back(links);
  for (auto& [label, item] : blocs) {
    if (item.members.empty()) continue;
    // No positive tie to anyone: reported apart, never as a bloc.
    if (item.members.size() == 1) {
      report.alone.push_back(view.actor_vertex(item.members[0]));
      continue;
    }
    std::stable_sort(
        item.members.begin(), item.members.end(),
        [&tie](std::size_t a, std::size_t b) { return tie[a] > tie[b]; });
    for (std::size_t& member : item.members) member = view.actor_vertex(member);
    const double inside = item.positive_inside + item.negative_inside;
    item.cohesion = inside > 0 ? item.positive_inside / inside : 1.0;
    std::stable_sort(item.frustrated.begin(), item.frustrated.end(),
                     [](const FrustratedLink& a, const FrustratedLink& b) {
                       return std::abs(a.weight) > std::abs(b.weight);
                     });
    report.blocs.push_back(std::move(item));
  }
  // Labels are smallest members in key order, so the map's order already
  // breaks the remaining ties by key.
  std::stable_sort(report.blocs.begin(), report.blocs.end(),
                   [](const Bloc& a, const Bloc& b) {
                     if (a.members.size() != b.members.size()) {
                       return a.members.size() > b.members.size();
                     }
                     return a.positive_inside > b.positive_inside;
                   });
  return report;
}

}  // namespace

AllianceReport FindAlliances(const ActorGraph& graph,
                             const AllianceOptions& options) {
  SignedViewOptions view_options;
  view_options.min_evidence = options.min_evidence;
  const SignedView view = SignedView::Build(graph, view_options);
  const SignedAdjacency g = Adjacency(view);
  const double tolerance = Tolerance(g);
  const std::vector<std::size_t> order = VisitOrder(g);
  std::vector<std::size_t> bloc = PositiveComponents(g);
  std::vector<char> active(g.size(), 1);
  // Moves settle first (cheap: only neighbours of movers are revisited),
  // then one merge pass, which reads every link, starts the next round.
  for (int round = 0; round < options.max_rounds; ++round) {
    for (int pass = 0; pass < options.max_rounds; ++pass) {
      if (!MoveVertices(g, tolerance, order, active, bloc)) break;
    }
    if (!MergeBlocs(g, tolerance, active, bloc)) break;
  }
  return Describe(view, g, bloc);
}

}  // namespace kg
