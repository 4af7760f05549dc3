#include "store/staged_table.h"

#include <algorithm>

namespace kg::storage {

void StagedTable::Add(std::string_view key, std::string_view value) {
  Row row{{0, 0},
          arena_.size(),
          static_cast<std::uint32_t>(key.size()),
          static_cast<std::uint32_t>(value.size())};
  for (std::size_t i = 0; i < 2 * sizeof(std::uint64_t); ++i) {
    std::uint64_t& word = row.head[i / sizeof(std::uint64_t)];
    word <<= 8;
    if (i < key.size()) word |= static_cast<unsigned char>(key[i]);
  }
  rows_.push_back(row);
  arena_.append(key);
  arena_.append(value);
}

void StagedTable::Sort() {
  const char* base = arena_.data();
  std::stable_sort(rows_.begin(), rows_.end(),
                   [base](const Row& a, const Row& b) {
                     if (a.head[0] != b.head[0]) return a.head[0] < b.head[0];
                     if (a.head[1] != b.head[1]) return a.head[1] < b.head[1];
                     return std::string_view(base + a.offset, a.key_size) <
                            std::string_view(base + b.offset, b.key_size);
                   });
}

std::string_view StagedTable::Key(std::size_t i) const {
  const Row& row = rows_[i];
  return std::string_view(arena_.data() + row.offset, row.key_size);
}

std::string_view StagedTable::Value(std::size_t i) const {
  const Row& row = rows_[i];
  return std::string_view(arena_.data() + row.offset + row.key_size,
                          row.value_size);
}

void StagedTable::Clear() {
  std::string().swap(arena_);
  std::vector<Row>().swap(rows_);
}

}  // namespace kg::storage
