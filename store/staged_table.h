// Key/value rows gathered in memory for one column family of a bulk load,
// packed into one arena so that staging a row costs no allocation and
// sorting moves small fixed-size handles instead of strings.
//
// Thread-safety: none; one thread at a time.
#ifndef KG_STORE_STAGED_TABLE_H_
#define KG_STORE_STAGED_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::storage {

class StagedTable {
 public:
  // Appends a row. Keys may repeat: Sort keeps equal keys in the order
  // they were added.
  void Add(std::string_view key, std::string_view value);

  // Sorts the rows by key (bytewise), stably.
  void Sort();

  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // Bytes held: the arena plus the row handles.
  std::size_t MemoryBytes() const {
    return arena_.capacity() + rows_.capacity() * sizeof(Row);
  }

  // Row `i` in the current order. Requires: i < size(). The views stay
  // valid until the next Add or Clear.
  std::string_view Key(std::size_t i) const;
  std::string_view Value(std::size_t i) const;

  // Drops every row and gives the memory back.
  void Clear();

 private:
  struct Row {
    // Key bytes 0-7 and 8-15, big-endian, zero-padded: most comparisons
    // end here (spo and evidence keys often share their first eight).
    std::uint64_t head[2];
    std::uint64_t offset;  // Of the key in the arena; the value follows.
    std::uint32_t key_size;
    std::uint32_t value_size;
  };

  std::string arena_;
  std::vector<Row> rows_;
};

}  // namespace kg::storage

#endif  // KG_STORE_STAGED_TABLE_H_
