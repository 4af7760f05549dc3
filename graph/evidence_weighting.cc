#include "graph/evidence_weighting.h"

#include <cassert>
#include <cmath>
#include <string>

#include "graph/day.h"

namespace kg {
namespace {

// Parses an optional date option; `name` is for the message.
Status ParseOptionalDay(const std::string& text, const char* name,
                        std::optional<std::int64_t>* day) {
  if (text.empty()) return Status::Ok();
  *day = ParseDay(text);
  if (!*day) {
    return Status::InvalidArgument(std::string(name) + " date '" + text +
                                   "' is not YYYY-MM-DD");
  }
  return Status::Ok();
}

}  // namespace

Result<EvidenceWeighting> EvidenceWeighting::Create(
    const GraphOptions& options) {
  EvidenceWeighting weighting;
  KG_RETURN_IF_ERROR(ParseOptionalDay(options.from, "from", &weighting.from_));
  KG_RETURN_IF_ERROR(ParseOptionalDay(options.to, "to", &weighting.to_));
  KG_RETURN_IF_ERROR(
      ParseOptionalDay(options.as_of, "as-of", &weighting.reference_));
  if (weighting.from_ && weighting.to_ && *weighting.from_ > *weighting.to_) {
    return Status::InvalidArgument("from date " + options.from +
                                   " is after to date " + options.to);
  }
  if (!std::isfinite(options.half_life_days) || options.half_life_days < 0) {
    return Status::InvalidArgument(
        "half-life must be a non-negative number of days");
  }
  weighting.half_life_days_ = options.half_life_days;
  return weighting;
}

bool EvidenceWeighting::Includes(std::optional<std::int64_t> day) const {
  if (!day) return !needs_evidence();
  if (from_ && *day < *from_) return false;
  if (to_ && *day > *to_) return false;
  return true;
}

std::optional<double> EvidenceWeighting::Factor(
    std::optional<std::int64_t> day) const {
  if (!Includes(day)) return std::nullopt;
  if (!decays()) return 1.0;
  assert(reference_.has_value());
  const double age = static_cast<double>(*reference_ - *day);
  if (age <= 0) return 1.0;
  return std::exp2(-age / half_life_days_);
}

}  // namespace kg
