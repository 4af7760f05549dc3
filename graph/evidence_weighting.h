// Which pieces of evidence count toward the actor graph, and by how much:
// the --from/--to window and the --half-life recency decay.
//
// Thread-safety: a value; const methods may be called from many threads.
#ifndef KG_GRAPH_EVIDENCE_WEIGHTING_H_
#define KG_GRAPH_EVIDENCE_WEIGHTING_H_

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "graph/graph_options.h"

namespace kg {

class EvidenceWeighting {
 public:
  // Counts every piece of evidence at full weight.
  EvidenceWeighting() = default;

  // InvalidArgument when a date is not "YYYY-MM-DD", `from` is after `to`,
  // or the half-life is negative or not finite.
  static Result<EvidenceWeighting> Create(const GraphOptions& options);

  // True when a window or decay is set, so that aggregates do not suffice
  // and every piece of evidence must be read and weighed.
  bool needs_evidence() const { return windowed() || decays(); }

  // True when decay is on but no reference date has been given or set yet.
  bool needs_reference() const { return decays() && !reference_; }

  // Sets the decay reference when the options left it to the data.
  void set_reference(std::int64_t day) { reference_ = day; }

  // True if evidence on `day` (nullopt = undated) passes the window.
  // Undated evidence passes only when neither window nor decay is set: its
  // place in time is unknown.
  bool Includes(std::optional<std::int64_t> day) const;

  // The factor a piece of evidence on `day` is multiplied by; nullopt when
  // it is excluded. Evidence newer than the reference is not amplified.
  // Requires: !needs_reference().
  std::optional<double> Factor(std::optional<std::int64_t> day) const;

 private:
  bool windowed() const { return from_.has_value() || to_.has_value(); }
  bool decays() const { return half_life_days_ > 0; }

  std::optional<std::int64_t> from_;
  std::optional<std::int64_t> to_;
  std::optional<std::int64_t> reference_;
  double half_life_days_ = 0;
};

}  // namespace kg

#endif  // KG_GRAPH_EVIDENCE_WEIGHTING_H_
