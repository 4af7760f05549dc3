// Time limits for the tests that guard against super-linear work on huge
// inputs (10 MB lines and documents). They catch quadratic behaviour, which
// takes hours at that size, not slowness: each base limit is several times
// a quiet run's time (1.5 s against 10 s for the slowest), and sanitizers
// make this code up to 30 times slower, which two tests sharing two cores
// with other work can double.
#ifndef KG_TESTS_TESTING_TIME_LIMIT_H_
#define KG_TESTS_TESTING_TIME_LIMIT_H_

namespace kg {

#if defined(__SANITIZE_ADDRESS__)
// The 10 MB baseline test took 42 s alone and 98 s once beside other work.
inline constexpr double kTimeLimitScale = 20.0;
#else
inline constexpr double kTimeLimitScale = 1.0;
#endif

// `base_seconds` scaled for this build.
constexpr double TimeLimit(double base_seconds) {
  return base_seconds * kTimeLimitScale;
}

}  // namespace kg

#endif  // KG_TESTS_TESTING_TIME_LIMIT_H_
