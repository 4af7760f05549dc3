// Hashing helpers for the tagger's and parser's sparse features. A feature
// is a template number combined with up to three values; values are 64-bit
// hashes of strings or small integers. The hashes are fixed (FNV-1a for
// strings, multiply-add steps for features) so that model files do not
// depend on the standard library.
//
// Thread-safety: pure functions.
#ifndef KG_NLP_ML_FEATURES_H_
#define KG_NLP_ML_FEATURES_H_

#include <cstdint>
#include <string_view>

namespace kg::nlp {

inline std::uint64_t HashString(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline std::uint64_t Mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return h;
}

// A feature folds its template number and values by multiply-add steps
// modulo 2^64, one multiplication per value (the parser computes about 200
// features a word, so the hash is a visible part of its time). Only the
// low 48 bits are stored (Perceptron::kKeyBits); multiplying by an odd
// constant permutes them, so distinct features share a key with odds of
// about 2^-48. The lookup tables mix the key again before using it as a
// position.
inline constexpr std::uint64_t kFeatureStep[] = {
    0x9E3779B97F4A7C15ULL, 0xBF58476D1CE4E5B9ULL, 0x94D049BB133111EBULL,
    0xD6E8FEB86659FD93ULL};

inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a) {
  return ((templ * 4 + 1) * kFeatureStep[0] + a) * kFeatureStep[1];
}
inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a,
                             std::uint64_t b) {
  return ((((templ * 4 + 2) * kFeatureStep[0] + a) * kFeatureStep[1]) + b) *
         kFeatureStep[2];
}
inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a,
                             std::uint64_t b, std::uint64_t c) {
  const std::uint64_t ab =
      (((templ * 4 + 3) * kFeatureStep[0] + a) * kFeatureStep[1] + b) *
      kFeatureStep[2];
  return (ab + c) * kFeatureStep[3];
}

}  // namespace kg::nlp

#endif  // KG_NLP_ML_FEATURES_H_
