#include "store/layout.h"

namespace kg::storage {

void AppendBigEndian32(std::string* out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void PutBigEndian64(std::uint64_t value, char* out) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>((value >> (56 - 8 * i)) & 0xff);
  }
}

// Keys are built from ids on every write: one append, not eight.
void AppendBigEndian64(std::string* out, std::uint64_t value) {
  char bytes[8];
  PutBigEndian64(value, bytes);
  out->append(bytes, sizeof(bytes));
}

std::uint32_t DecodeBigEndian32(std::string_view bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::uint64_t DecodeBigEndian64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::string TermKey(std::uint64_t id) {
  std::string key;
  AppendBigEndian64(&key, id);
  return key;
}

std::string TripleKey(std::uint64_t first, std::uint64_t second,
                      std::uint64_t third) {
  std::string key;
  key.reserve(kTripleKeyBytes);
  AppendBigEndian64(&key, first);
  AppendBigEndian64(&key, second);
  AppendBigEndian64(&key, third);
  return key;
}

std::string EvidenceKey(std::string_view spo_key, std::uint64_t evidence_id) {
  std::string key(spo_key);
  AppendBigEndian64(&key, evidence_id);
  return key;
}

namespace {

std::string SpaceKey(char space, std::string_view text) {
  std::string key(1, space);
  key.append(text);
  return key;
}

}  // namespace

std::string EntityIndexKey(std::string_view canonical_id) {
  return SpaceKey(kEntityKeySpace, canonical_id);
}

std::string PredicateIndexKey(std::string_view lemma) {
  return SpaceKey(kPredicateKeySpace, lemma);
}

std::string NameIndexKey(std::string_view normalised_name) {
  return SpaceKey(kNameKeySpace, normalised_name);
}

std::string NameIndexValue(std::uint64_t term_id, NameRank rank) {
  std::string value;
  AppendBigEndian64(&value, term_id);
  value.push_back(static_cast<char>(rank));
  return value;
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty()) {
    auto last = static_cast<unsigned char>(successor.back());
    if (last != 0xff) {
      successor.back() = static_cast<char>(last + 1);
      return successor;
    }
    successor.pop_back();
  }
  return successor;
}

}  // namespace kg::storage
