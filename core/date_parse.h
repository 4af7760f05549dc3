// Calendar dates in the forms news text uses, normalised to "YYYY-MM-DD".
//
// Thread-safety: pure functions.
#ifndef KG_CORE_DATE_PARSE_H_
#define KG_CORE_DATE_PARSE_H_

#include <optional>
#include <string>
#include <string_view>

namespace kg {

// True if `text` is exactly "YYYY-MM-DD" naming a real day (leap years
// included), years 1000..9999.
bool IsIsoDate(std::string_view text);

// Finds a dateline near the start of an article: within its first
// `window` bytes, the first of "September 4, 2025", "Sept. 4, 2025",
// "Sep 4 2025", "4 September 2025" or "2025-09-04" (case-insensitive month
// names, full or abbreviated). Returns it as "YYYY-MM-DD", or nullopt.
std::optional<std::string> FindDateline(std::string_view text,
                                        std::size_t window = 200);

}  // namespace kg

#endif  // KG_CORE_DATE_PARSE_H_
