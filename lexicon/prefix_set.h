// A set of short strings (folded word prefixes of aliases and phrases)
// asked mostly about strings it does not hold: a bit table over a cheap
// hash of the length and the first and last bytes answers most of those
// without hashing the whole string.
//
// Thread-safety: Insert mutates; Contains may be called concurrently.
#ifndef KG_LEXICON_PREFIX_SET_H_
#define KG_LEXICON_PREFIX_SET_H_

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

namespace kg {

class PrefixSet {
 public:
  void Insert(std::string key) {
    filter_.set(Slot(key));
    keys_.insert(std::move(key));
  }

  bool Contains(const std::string& key) const {
    return filter_.test(Slot(key)) && keys_.contains(key);
  }

  std::size_t size() const { return keys_.size(); }

 private:
  static constexpr std::size_t kSlots = std::size_t{1} << 16;

  static std::size_t Slot(std::string_view key) {
    if (key.empty()) return 0;
    auto byte = [&](std::size_t i) {
      return static_cast<std::size_t>(static_cast<unsigned char>(key[i]));
    };
    std::size_t h = key.size() * 0x9E37u;
    h ^= byte(0) * 0x85EBu + (key.size() > 1 ? byte(1) * 0xC2B3u : 0) +
         byte(key.size() - 1) * 0x27D5u;
    return (h ^ (h >> 16)) & (kSlots - 1);
  }

  std::bitset<kSlots> filter_;
  std::unordered_set<std::string> keys_;
};

}  // namespace kg

#endif  // KG_LEXICON_PREFIX_SET_H_
