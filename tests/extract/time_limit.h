// Time limits for the tests that guard against super-linear work on huge
// inputs (10 MB lines and documents). They catch quadratic behaviour, which
// takes hours at that size, not slowness, so they are generous: each base
// limit is several times a quiet run's time, and is scaled for sanitizers
// (up to 30 times slower on this code) and for machines that run two tests
// on two cores while other work shares them.
#ifndef KG_TESTS_EXTRACT_TIME_LIMIT_H_
#define KG_TESTS_EXTRACT_TIME_LIMIT_H_

namespace kg {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr double kTimeLimitScale = 20.0;
#else
inline constexpr double kTimeLimitScale = 2.0;
#endif

// `base_seconds` scaled for this build.
constexpr double TimeLimit(double base_seconds) {
  return base_seconds * kTimeLimitScale;
}

}  // namespace kg

#endif  // KG_TESTS_EXTRACT_TIME_LIMIT_H_
