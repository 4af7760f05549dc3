// Calendar days as integers, for date windows and recency decay.
//
// Thread-safety: pure functions.
#ifndef KG_GRAPH_DAY_H_
#define KG_GRAPH_DAY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kg {

// Days since 1970-01-01 of an exact "YYYY-MM-DD" naming a real day; nullopt
// for anything else (empty, partial dates, 2023-02-30, trailing text).
std::optional<std::int64_t> ParseDay(std::string_view date);

// The "YYYY-MM-DD" of a day since 1970-01-01 (years 0..9999).
std::string FormatDay(std::int64_t day);

}  // namespace kg

#endif  // KG_GRAPH_DAY_H_
