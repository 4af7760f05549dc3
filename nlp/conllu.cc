#include "nlp/conllu.h"

#include <charconv>
#include <utility>

#include "common/split.h"

namespace kg {
namespace {

bool ParseInt(std::string_view text, int* value) {
  if (text.empty()) return false;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

Status LineError(std::size_t line_number, std::string_view what) {
  return Status::InputError("CoNLL-U line " + std::to_string(line_number) +
                            ": " + std::string(what));
}

// Parses one non-comment line into `sentence`.
Status ParseTokenLine(std::string_view line, std::size_t line_number,
                      ConlluSentence* sentence) {
  std::vector<std::string_view> fields = Split(line, '\t');
  if (fields.size() != 10) {
    return LineError(line_number, "expected 10 tab-separated columns, got " +
                                      std::to_string(fields.size()));
  }
  std::string_view id = fields[0];
  const int next_id = static_cast<int>(sentence->words.size()) + 1;
  if (std::size_t dash = id.find('-'); dash != std::string_view::npos) {
    ConlluMultiword range;
    if (!ParseInt(id.substr(0, dash), &range.first) ||
        !ParseInt(id.substr(dash + 1), &range.last) || range.first != next_id ||
        range.last < range.first) {
      return LineError(line_number,
                       "bad multiword range '" + std::string(id) + "'");
    }
    range.line = std::string(line);
    sentence->multiwords.push_back(std::move(range));
    return Status::Ok();
  }
  if (std::size_t dot = id.find('.'); dot != std::string_view::npos) {
    ConlluEmptyNode node;
    if (!ParseInt(id.substr(0, dot), &node.after) ||
        node.after != next_id - 1) {
      return LineError(line_number,
                       "bad empty node id '" + std::string(id) + "'");
    }
    node.line = std::string(line);
    sentence->empty_nodes.push_back(std::move(node));
    return Status::Ok();
  }
  int number = 0;
  if (!ParseInt(id, &number) || number != next_id) {
    return LineError(line_number, "word id '" + std::string(id) +
                                      "' out of sequence (expected " +
                                      std::to_string(next_id) + ")");
  }
  ConlluWord word;
  word.form = std::string(fields[1]);
  word.lemma = std::string(fields[2]);
  word.upos = std::string(fields[3]);
  word.xpos = std::string(fields[4]);
  word.feats = std::string(fields[5]);
  if (fields[6] == "_") {
    word.head = -1;
  } else if (!ParseInt(fields[6], &word.head) || word.head < 0) {
    return LineError(line_number, "bad head '" + std::string(fields[6]) + "'");
  }
  word.deprel = std::string(fields[7]);
  word.deps = std::string(fields[8]);
  word.misc = std::string(fields[9]);
  sentence->words.push_back(std::move(word));
  return Status::Ok();
}

Status CheckHeads(const ConlluSentence& sentence, std::size_t line_number) {
  const int size = static_cast<int>(sentence.words.size());
  for (const ConlluWord& word : sentence.words) {
    if (word.head > size) {
      return LineError(line_number, "head " + std::to_string(word.head) +
                                        " beyond the sentence's " +
                                        std::to_string(size) + " words");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ConlluSentence::Comment(std::string_view key) const {
  for (const std::string& comment : comments) {
    std::string_view rest(comment);
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.substr(0, key.size()) != key) continue;
    rest.remove_prefix(key.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty() || rest.front() != '=') continue;
    rest.remove_prefix(1);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return std::string(rest);
  }
  return "";
}

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text) {
  std::vector<ConlluSentence> sentences;
  ConlluSentence current;
  bool open = false;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (open) {
        KG_RETURN_IF_ERROR(CheckHeads(current, line_number));
        sentences.push_back(std::move(current));
        current = ConlluSentence();
        open = false;
      }
      continue;
    }
    open = true;
    if (line.front() == '#' && current.words.empty() &&
        current.multiwords.empty() && current.empty_nodes.empty()) {
      current.comments.emplace_back(line);
      continue;
    }
    KG_RETURN_IF_ERROR(ParseTokenLine(line, line_number, &current));
  }
  if (open) {
    KG_RETURN_IF_ERROR(CheckHeads(current, line_number));
    sentences.push_back(std::move(current));
  }
  return sentences;
}

Result<std::vector<ConlluSentence>> ReadConllu(const std::string& path,
                                               Env* env,
                                               std::size_t max_bytes) {
  // Env's messages already name the file.
  Result<std::string> text = env->ReadFile(path, max_bytes);
  if (!text.ok()) return text.status();
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(*text);
  if (!sentences.ok()) return sentences.status().WithContext(path);
  return sentences;
}

void AppendConllu(const ConlluSentence& sentence, std::string* out) {
  for (const std::string& comment : sentence.comments) {
    out->append(comment).push_back('\n');
  }
  std::size_t next_range = 0;
  std::size_t next_empty = 0;
  auto flush_empty = [&](int after) {
    while (next_empty < sentence.empty_nodes.size() &&
           sentence.empty_nodes[next_empty].after == after) {
      out->append(sentence.empty_nodes[next_empty++].line).push_back('\n');
    }
  };
  flush_empty(0);
  for (std::size_t i = 0; i < sentence.words.size(); ++i) {
    const int id = static_cast<int>(i) + 1;
    while (next_range < sentence.multiwords.size() &&
           sentence.multiwords[next_range].first == id) {
      out->append(sentence.multiwords[next_range++].line).push_back('\n');
    }
    const ConlluWord& w = sentence.words[i];
    out->append(std::to_string(id)).push_back('\t');
    for (const std::string* field :
         {&w.form, &w.lemma, &w.upos, &w.xpos, &w.feats}) {
      out->append(*field).push_back('\t');
    }
    out->append(w.head < 0 ? "_" : std::to_string(w.head)).push_back('\t');
    out->append(w.deprel).push_back('\t');
    out->append(w.deps).push_back('\t');
    out->append(w.misc).push_back('\n');
    flush_empty(id);
  }
  out->push_back('\n');
}

std::string WriteConllu(const std::vector<ConlluSentence>& sentences) {
  std::string out;
  for (const ConlluSentence& sentence : sentences) {
    AppendConllu(sentence, &out);
  }
  return out;
}

}  // namespace kg
