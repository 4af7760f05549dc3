// The index of the highest of a row of scores, for the tagger's and the
// parser's choices over all their classes.
//
// Thread-safety: pure functions.
#ifndef KG_NLP_ML_ARG_MAX_H_
#define KG_NLP_ML_ARG_MAX_H_

#include <algorithm>
#include <cstddef>
#include <limits>

namespace kg {

// The first index of the highest of scores[0, n), as std::max_element
// gives it (0 when n is 0). Requires no NaN. Eight running maxima keep the
// comparisons independent: max_element's one chain of compare-and-move was
// three quarters of the tagger's own time.
inline std::size_t ArgMax(const float* scores, std::size_t n) {
  constexpr std::size_t kLanes = 8;
  float lanes[kLanes];
  std::fill_n(lanes, kLanes, -std::numeric_limits<float>::infinity());
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t k = 0; k < kLanes; ++k) {
      lanes[k] = std::max(lanes[k], scores[i + k]);
    }
  }
  float best = *std::max_element(lanes, lanes + kLanes);
  for (; i < n; ++i) best = std::max(best, scores[i]);
  return static_cast<std::size_t>(std::find(scores, scores + n, best) - scores);
}

// The first index of the highest of scores[0, n) but `skip`. Requires
// n >= 2, skip < n and no NaN.
inline std::size_t ArgMaxExcept(const float* scores, std::size_t n,
                                std::size_t skip) {
  if (skip == 0) return 1 + ArgMax(scores + 1, n - 1);
  const std::size_t before = ArgMax(scores, skip);
  if (skip + 1 == n) return before;
  const std::size_t after = skip + 1 + ArgMax(scores + skip + 1, n - skip - 1);
  return scores[after] > scores[before] ? after : before;
}

}  // namespace kg

#endif  // KG_NLP_ML_ARG_MAX_H_
