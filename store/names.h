// Name matching for entity lookup: the normal form under which names and
// aliases are indexed, and a bounded edit distance for "did you mean".
//
// Thread-safety: pure functions.
#ifndef KG_STORE_NAMES_H_
#define KG_STORE_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::storage {

// Lower-cases ASCII letters, treats '_' as a space, collapses runs of
// whitespace into one space and trims both ends. Other bytes (non-ASCII
// UTF-8) are kept as they are.
std::string NormaliseName(std::string_view name);

// Levenshtein distance between `a` and `b` counted in bytes, or
// `max_distance + 1` as soon as it is known to exceed `max_distance`
// (strings whose lengths differ by more cost nothing; the rest at most
// O(|a| * |b|), stopping at the first row with no cell in range).
std::size_t BoundedEditDistance(std::string_view a, std::string_view b,
                                std::size_t max_distance);

// How far normalised `query` is from normalised `name` for suggestions: the
// edit distance to the whole name, or one more than the distance to the
// closest run of as many consecutive words as `query` has (so that "fenwik"
// finds "grand fenwick"). Returns `max_distance + 1` when neither is within
// `max_distance`.
std::size_t NameDistance(std::string_view query, std::string_view name,
                         std::size_t max_distance);

}  // namespace kg::storage

#endif  // KG_STORE_NAMES_H_
