#include "ingest/document_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "core/date_parse.h"

namespace kg {
namespace {

using ProblemFn = std::function<void(const ReadProblem&)>;
using DocumentFn = std::function<void(Document&&)>;

enum class Format { kText, kJsonl, kIgnored };

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

Format FormatOf(const std::string& path, bool named_explicitly) {
  std::filesystem::path p(path);
  std::string ext = Lower(p.extension().string());
  if (ext == ".jsonl") return Format::kJsonl;
  if (ext == ".txt") return Format::kText;
  if (named_explicitly) return Format::kText;
  return Format::kIgnored;
}

std::string Stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

// 1-based line of byte `offset` in `text`.
std::size_t LineOf(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(
                 std::count(text.begin(), text.begin() + offset, '\n'));
}

std::size_t FirstControlByte(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return i;
  }
  return 0;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

void StripBom(std::string* text) {
  if (text->starts_with("\xEF\xBB\xBF")) text->erase(0, 3);
}

void NormaliseNewlines(std::string* text) {
  if (text->find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(text->size());
  for (std::size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c == '\r') {
      // CRLF becomes LF; a lone CR (old Mac files) becomes LF too.
      if (i + 1 < text->size() && (*text)[i + 1] == '\n') continue;
      c = '\n';
    }
    out.push_back(c);
  }
  *text = std::move(out);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// Removes leading "date YYYY-MM-DD" / "date: ..." and "title: ..." lines
// from doc->text, filling doc->date (unless already set) and doc->title.
void TakeHeaderLines(Document* doc, bool keep_date) {
  std::string& text = doc->text;
  for (int taken = 0; taken < 2; ++taken) {
    std::size_t start = 0;
    while (start < text.size() && (text[start] == '\n' || text[start] == ' '))
      ++start;
    std::size_t eol = text.find('\n', start);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + start, eol - start);
    std::string lower = Lower(line.substr(0, 6));
    if (lower.starts_with("date") && line.size() > 4 &&
        (line[4] == ' ' || line[4] == ':')) {
      std::string_view value = Trim(line.substr(5)).substr(0, 10);
      if (!IsIsoDate(value)) return;
      if (!keep_date) doc->date = std::string(value);
      // "date 2025-09-02 PARIS - ..." keeps the text after the date.
      std::size_t after =
          static_cast<std::size_t>(value.data() - text.data()) + 10;
      if (!Trim(std::string_view(text).substr(after, eol - after)).empty()) {
        text.erase(0, after);
        return;
      }
    } else if (lower.starts_with("title:")) {
      doc->title = std::string(Trim(line.substr(6)));
    } else {
      return;
    }
    text.erase(0, std::min(text.size(), eol + 1));
  }
}

void ReadText(Env* env, const std::string& path, const ReaderOptions& options,
              const DocumentFn& on_document, const ProblemFn& on_problem) {
  Result<std::string> data = env->ReadFile(path, options.max_document_bytes);
  if (!data.ok()) {
    on_problem({path, data.status().IsNotFound() ? 0u : 1u, data.status()});
    return;
  }
  Document doc;
  doc.text = std::move(data).value();
  doc.id = Stem(path);
  doc.source = path;
  if (IsBlank(doc.text)) {
    on_problem({path, 1, Status::InputError("empty document")});
    return;
  }
  if (LooksBinary(doc.text)) {
    on_problem({path, LineOf(doc.text, FirstControlByte(doc.text)),
                Status::InputError("binary data, not text")});
    return;
  }
  if (std::size_t bad = FindInvalidUtf8(doc.text); bad != std::string::npos) {
    std::size_t line = LineOf(doc.text, bad);
    std::size_t replaced = RepairUtf8(&doc.text);
    on_problem(
        {path, line,
         Status::InputError("invalid UTF-8: " + std::to_string(replaced) +
                            " byte(s) replaced by U+FFFD"),
         false});
  }
  StripBom(&doc.text);
  NormaliseNewlines(&doc.text);
  bool have_default = !options.default_date.empty();
  TakeHeaderLines(&doc, have_default);
  if (have_default) {
    doc.date = options.default_date;
  } else if (doc.date.empty()) {
    doc.date = FindDateline(doc.text).value_or("");
  }
  if (IsBlank(doc.text)) {
    on_problem({path, 1, Status::InputError("empty document text")});
    return;
  }
  on_document(std::move(doc));
}

// Turns one JSONL line into a document, or the reason it cannot be one.
Result<Document> ParseJsonLine(const std::string& line, const std::string& path,
                               std::size_t line_number,
                               const ReaderOptions& options) {
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded()) return Status::InputError("not a JSON line");
  if (!json.is_object())
    return Status::InputError("JSON line is not an object");
  Document doc;
  doc.source = path;
  doc.line = line_number;
  auto text = json.find("text");
  if (text == json.end() || !text->is_string()) {
    return Status::InputError("no \"text\" string");
  }
  doc.text = text->get<std::string>();
  if (doc.text.size() > options.max_document_bytes) {
    return Status::InputError("text larger than " +
                              std::to_string(options.max_document_bytes) +
                              " bytes");
  }
  NormaliseNewlines(&doc.text);
  if (IsBlank(doc.text)) return Status::InputError("empty \"text\"");
  if (auto id = json.find("id"); id != json.end() && !id->is_null()) {
    if (id->is_string()) {
      doc.id = id->get<std::string>();
    } else if (id->is_number_integer()) {
      doc.id = id->dump();
    } else {
      return Status::InputError("\"id\" is neither a string nor an integer");
    }
  }
  if (doc.id.empty()) doc.id = Stem(path) + ":" + std::to_string(line_number);
  if (auto date = json.find("date"); date != json.end() && !date->is_null()) {
    if (!date->is_string())
      return Status::InputError("\"date\" is not a string");
    std::string value = date->get<std::string>();
    // A timestamp such as 2025-03-02T10:00:00Z keeps its day.
    if (value.size() > 10 && (value[10] == 'T' || value[10] == ' ')) {
      value.resize(10);
    }
    if (!value.empty() && !IsIsoDate(value)) {
      return Status::InputError("bad \"date\" (want YYYY-MM-DD): " +
                                date->get<std::string>());
    }
    doc.date = value;
  }
  if (doc.date.empty()) doc.date = options.default_date;
  if (auto title = json.find("title");
      title != json.end() && title->is_string()) {
    doc.title = title->get<std::string>();
  }
  return doc;
}

void ReadJsonl(Env* env, const std::string& path, const ReaderOptions& options,
               const DocumentFn& on_document, const ProblemFn& on_problem) {
  // JSON escapes can make a line longer than the text it holds.
  std::size_t max_line = options.max_document_bytes * 2 + 4096;
  auto reader = env->OpenLines(path, max_line);
  if (!reader.ok()) {
    on_problem({path, reader.status().IsNotFound() ? 0u : 1u, reader.status()});
    return;
  }
  std::string line;
  for (std::size_t number = 1;; ++number) {
    bool truncated = false;
    bool eof = false;
    Status read = (*reader)->ReadLine(&line, &truncated, &eof);
    if (!read.ok()) {
      on_problem({path, number, read});
      return;
    }
    if (eof) return;
    if (truncated) {
      on_problem({path, number,
                  Status::InputError("line longer than " +
                                     std::to_string(max_line) + " bytes")});
      continue;
    }
    if (IsBlank(line)) continue;
    if (number == 1) StripBom(&line);
    if (LooksBinary(line)) {
      on_problem({path, number, Status::InputError("binary data, not text")});
      continue;
    }
    if (std::size_t replaced = RepairUtf8(&line); replaced > 0) {
      on_problem(
          {path, number,
           Status::InputError("invalid UTF-8: " + std::to_string(replaced) +
                              " byte(s) replaced by U+FFFD"),
           false});
    }
    Result<Document> doc = [&]() -> Result<Document> {
      try {
        return ParseJsonLine(line, path, number, options);
      } catch (const std::exception& e) {
        return Status::InputError(e.what());
      }
    }();
    if (!doc.ok()) {
      on_problem({path, number, doc.status()});
      continue;
    }
    on_document(std::move(doc).value());
  }
}

void ReadFile(Env* env, const std::string& path, Format format,
              const ReaderOptions& options, const DocumentFn& on_document,
              const ProblemFn& on_problem) {
  if (format == Format::kJsonl) {
    ReadJsonl(env, path, options, on_document, on_problem);
  } else if (format == Format::kText) {
    ReadText(env, path, options, on_document, on_problem);
  }
}

bool IsHidden(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  return name.starts_with(".");
}

std::uint64_t Fnv1a64(std::uint64_t hash, std::string_view data) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

Status ReadDocuments(Env* env, const std::vector<std::string>& paths,
                     const ReaderOptions& options,
                     const DocumentFn& on_document,
                     const ProblemFn& on_problem) {
  for (const std::string& path : paths) {
    if (!env->FileExists(path)) {
      on_problem(
          {path, 0, Status::NotFound(path + ": no such file or directory")});
      continue;
    }
    if (!env->IsDirectory(path)) {
      ReadFile(env, path, FormatOf(path, true), options, on_document,
               on_problem);
      continue;
    }
    Result<std::vector<std::string>> files = env->ListFilesRecursive(path);
    if (!files.ok()) {
      on_problem({path, 0, files.status()});
      continue;
    }
    for (const std::string& file : *files) {
      if (IsHidden(file)) continue;
      ReadFile(env, file, FormatOf(file, false), options, on_document,
               on_problem);
    }
  }
  return Status::Ok();
}

std::string ContentHash(const Document& doc) {
  // Field separators keep ("ab", "c") and ("a", "bc") apart.
  auto hash = [&doc](std::uint64_t basis) {
    std::uint64_t h = Fnv1a64(basis, doc.date);
    h = Fnv1a64(h, std::string_view("\x1f", 1));
    h = Fnv1a64(h, doc.title);
    h = Fnv1a64(h, std::string_view("\x1f", 1));
    return Fnv1a64(h, doc.text);
  };
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(hash(0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(hash(0x84222325cbf29ce4ULL)));
  return std::string(buf, 32);
}

}  // namespace kg
