// Hashing helpers for the tagger's and parser's sparse features. A feature
// is a template number combined with up to three values; values are 64-bit
// hashes of strings or small integers. The hash is fixed (FNV-1a plus a
// mixer) so that model files do not depend on the standard library.
//
// Thread-safety: pure functions.
#ifndef KG_EXTRACT_UD_FEATURES_H_
#define KG_EXTRACT_UD_FEATURES_H_

#include <cstdint>
#include <string_view>

namespace kg::ud {

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

inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a) {
  return Mix(Mix(templ * 0x9E3779B97F4A7C15ULL + 1, a), 0);
}
inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a,
                             std::uint64_t b) {
  return Mix(Mix(Mix(templ * 0x9E3779B97F4A7C15ULL + 2, a), b), 0);
}
inline std::uint64_t Feature(std::uint64_t templ, std::uint64_t a,
                             std::uint64_t b, std::uint64_t c) {
  return Mix(Mix(Mix(Mix(templ * 0x9E3779B97F4A7C15ULL + 3, a), b), c), 0);
}

}  // namespace kg::ud

#endif  // KG_EXTRACT_UD_FEATURES_H_
