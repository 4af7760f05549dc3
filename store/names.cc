#include "store/names.h"

#include <algorithm>
#include <vector>

namespace kg::storage {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == '_';
}

}  // namespace

std::string NormaliseName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (char c : name) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::size_t BoundedEditDistance(std::string_view a, std::string_view b,
                                std::size_t max_distance) {
  const std::size_t too_far = max_distance + 1;
  std::size_t length_gap =
      a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > max_distance) return too_far;
  // Two rows of the dynamic programme; cells outside the diagonal band
  // |i - j| <= max_distance are treated as too far.
  std::vector<std::size_t> previous(b.size() + 1, too_far);
  std::vector<std::size_t> current(b.size() + 1, too_far);
  for (std::size_t j = 0; j <= std::min(b.size(), max_distance); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t from = i > max_distance ? i - max_distance : 0;
    std::size_t to = std::min(b.size(), i + max_distance);
    std::fill(current.begin(), current.end(), too_far);
    if (from == 0) current[0] = i;
    std::size_t row_best = current[0];
    for (std::size_t j = std::max<std::size_t>(from, 1); j <= to; ++j) {
      std::size_t substitution =
          previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      std::size_t deletion = previous[j] + 1;
      std::size_t insertion = current[j - 1] + 1;
      current[j] = std::min({substitution, deletion, insertion, too_far});
      row_best = std::min(row_best, current[j]);
    }
    if (row_best >= too_far) return too_far;
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], too_far);
}

std::size_t NameDistance(std::string_view query, std::string_view name,
                         std::size_t max_distance) {
  std::size_t best = BoundedEditDistance(query, name, max_distance);
  if (best <= 1 || max_distance == 0) return best;
  // Word starts in `name`; normalised names have single spaces.
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == ' ') starts.push_back(i + 1);
  }
  std::size_t words = 1 + std::count(query.begin(), query.end(), ' ');
  for (std::size_t w = 0; w + words <= starts.size(); ++w) {
    std::size_t end =
        w + words < starts.size() ? starts[w + words] - 1 : name.size();
    std::string_view window = name.substr(starts[w], end - starts[w]);
    std::size_t distance =
        BoundedEditDistance(query, window, max_distance - 1) + 1;
    best = std::min(best, distance);
  }
  return best;
}

}  // namespace kg::storage
