#include "graph/edge_accumulator.h"

#include <cmath>
#include <cstdlib>

namespace kg {
namespace {

double SafeStrength(double strength) {
  return std::isfinite(strength) && strength > 0 ? strength : 0.0;
}

int SignOf(double value) { return (value > 0) - (value < 0); }

}  // namespace

bool EdgeAccumulator::AddAggregate(const TripleAggregate& triple,
                                   const std::string& predicate) {
  if (triple.count == 0) return true;
  const std::uint64_t magnitude = static_cast<std::uint64_t>(
      std::llabs(static_cast<long long>(triple.polarity_sum)));
  if (magnitude != triple.count) return false;
  const double mass = SafeStrength(std::abs(triple.score_sum));
  const double score = triple.polarity_sum > 0 ? mass : -mass;
  if (triple.polarity_sum > 0) {
    supporting_ += triple.count;
    support_mass_ += mass;
  } else {
    opposing_ += triple.count;
    oppose_mass_ += mass;
  }
  score_ += score;
  PredicateTotal& total = predicates_[predicate];
  total.score += score;
  total.count += triple.count;
  AddDate(triple.first_date);
  AddDate(triple.last_date);
  return true;
}

void EdgeAccumulator::AddEvidence(const std::string& predicate, int polarity,
                                  double strength, std::string_view date) {
  const double mass = SafeStrength(strength);
  PredicateTotal& total = predicates_[predicate];
  ++total.count;
  if (polarity > 0) {
    ++supporting_;
    support_mass_ += mass;
    score_ += mass;
    total.score += mass;
  } else if (polarity < 0) {
    ++opposing_;
    oppose_mass_ += mass;
    score_ -= mass;
    total.score -= mass;
  } else {
    ++neutral_;
  }
  AddDate(date);
}

void EdgeAccumulator::AddDate(std::string_view date) {
  if (date.empty()) return;
  if (first_date_.empty() || date < first_date_) first_date_ = date;
  if (last_date_.empty() || date > last_date_) last_date_ = date;
}

std::string EdgeAccumulator::TopRelation(int edge_sign) const {
  const std::string* best = nullptr;
  const PredicateTotal* best_total = nullptr;
  for (const auto& [name, total] : predicates_) {
    // A predicate pulling against the edge's sign would mislabel it.
    if (edge_sign != 0 && SignOf(total.score) != edge_sign) continue;
    const bool better = best_total == nullptr ||
                        (edge_sign != 0 &&
                         std::abs(total.score) > std::abs(best_total->score)) ||
                        (edge_sign == 0 && total.count > best_total->count);
    if (better) {
      best = &name;
      best_total = &total;
    }
  }
  return best != nullptr ? *best : std::string();
}

ActorEdge EdgeAccumulator::Finish(std::size_t source, std::size_t target,
                                  const GraphOptions& options) const {
  ActorEdge edge;
  edge.source = source;
  edge.target = target;
  edge.score = score_;
  edge.supporting = supporting_;
  edge.opposing = opposing_;
  edge.neutral = neutral_;
  edge.support_mass = support_mass_;
  edge.oppose_mass = oppose_mass_;
  edge.first_date = first_date_;
  edge.last_date = last_date_;
  edge.contested = IsContested(edge, options);
  edge.top_relation = TopRelation(edge.sign());
  return edge;
}

bool IsContested(const ActorEdge& edge, const GraphOptions& options) {
  const double mass = edge.support_mass + edge.oppose_mass;
  if (mass <= 0) return false;
  const double least = options.contested_share * mass;
  return edge.support_mass >= least && edge.oppose_mass >= least &&
         edge.supporting >= options.contested_min_pieces &&
         edge.opposing >= options.contested_min_pieces;
}

}  // namespace kg
