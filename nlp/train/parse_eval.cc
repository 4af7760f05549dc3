#include "nlp/train/parse_eval.h"

#include <cstdio>
#include <map>
#include <utility>

#include "nlp/word_form.h"

namespace kg {
namespace {

bool IsEvalSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t NonSpaceLength(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += !IsEvalSpace(c);
  return n;
}

// A word flattened over the whole file, with its span in the text without
// whitespace and its head as a flat index (-1 = root).
struct FlatWord {
  std::size_t start = 0;
  std::size_t end = 0;
  const ConlluWord* word = nullptr;
  long head = -1;
};

std::vector<FlatWord> Flatten(const std::vector<ConlluSentence>& sentences) {
  std::vector<FlatWord> out;
  std::size_t offset = 0;
  for (const ConlluSentence& sentence : sentences) {
    const long base = static_cast<long>(out.size());
    std::size_t next_range = 0;
    for (std::size_t i = 0; i < sentence.words.size(); ++i) {
      const int id = static_cast<int>(i) + 1;
      const ConlluWord& w = sentence.words[i];
      FlatWord flat;
      flat.word = &w;
      flat.head = w.head <= 0 ? -1 : base + w.head - 1;
      if (next_range < sentence.multiwords.size() &&
          sentence.multiwords[next_range].first == id) {
        const ConlluMultiword& range = sentence.multiwords[next_range++];
        const std::string& line = range.line;
        const std::size_t tab1 = line.find('\t');
        const std::size_t tab2 = line.find('\t', tab1 + 1);
        const std::size_t length = NonSpaceLength(
            std::string_view(line).substr(tab1 + 1, tab2 - tab1 - 1));
        for (int k = range.first; k <= range.last; ++k) {
          FlatWord part = flat;
          part.word = &sentence.words[k - 1];
          const int part_head = part.word->head;
          part.head = part_head <= 0 ? -1 : base + part_head - 1;
          part.start = offset;
          part.end = offset + length;
          out.push_back(part);
        }
        offset += length;
        i = static_cast<std::size_t>(range.last) - 1;
        continue;
      }
      flat.start = offset;
      offset += NonSpaceLength(w.form);
      flat.end = offset;
      out.push_back(flat);
    }
  }
  return out;
}

// alignment[g] = index of the system word aligned to gold word g, or -1.
std::vector<long> Align(const std::vector<FlatWord>& gold,
                        const std::vector<FlatWord>& system) {
  std::vector<long> alignment(gold.size(), -1);
  std::size_t g = 0, s = 0;
  while (g < gold.size() && s < system.size()) {
    if (gold[g].start < system[s].start) {
      ++g;
      continue;
    }
    if (system[s].start < gold[g].start) {
      ++s;
      continue;
    }
    // Same start: collect the groups with this span.
    std::size_t g_end = g, s_end = s;
    while (g_end < gold.size() && gold[g_end].start == gold[g].start) ++g_end;
    while (s_end < system.size() && system[s_end].start == system[s].start) {
      ++s_end;
    }
    if (gold[g].end == system[s].end) {
      if (g_end - g == 1 && s_end - s == 1) {
        alignment[g] = static_cast<long>(s);
      } else {
        // Multiword tokens: match words in order by lower-cased form.
        std::size_t k = s;
        for (std::size_t j = g; j < g_end && k < s_end; ++j) {
          for (std::size_t m = k; m < s_end; ++m) {
            if (nlp::LowerAscii(gold[j].word->form) ==
                nlp::LowerAscii(system[m].word->form)) {
              alignment[j] = static_cast<long>(m);
              k = m + 1;
              break;
            }
          }
        }
      }
    }
    g = g_end;
    s = s_end;
  }
  return alignment;
}

std::string Universal(const std::string& deprel) {
  return deprel.substr(0, deprel.find(':'));
}

}  // namespace

ParseScores ScoreParses(const std::vector<ConlluSentence>& gold,
                        const std::vector<ConlluSentence>& system) {
  const std::vector<FlatWord> g = Flatten(gold);
  const std::vector<FlatWord> s = Flatten(system);
  const std::vector<long> alignment = Align(g, s);
  std::vector<long> system_to_gold(s.size(), -1);
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (alignment[i] >= 0) system_to_gold[alignment[i]] = static_cast<long>(i);
  }
  std::size_t aligned = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0,
              las_full = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (alignment[i] < 0) continue;
    ++aligned;
    const FlatWord& gw = g[i];
    const FlatWord& sw = s[alignment[i]];
    upos += gw.word->upos == sw.word->upos;
    xpos += gw.word->xpos == sw.word->xpos;
    lemma += gw.word->lemma == sw.word->lemma;
    const long system_head = sw.head < 0 ? -1
                             : system_to_gold[sw.head] < 0
                                 ? -2
                                 : system_to_gold[sw.head];
    if (system_head != gw.head) continue;
    ++uas;
    las += Universal(gw.word->deprel) == Universal(sw.word->deprel);
    las_full += gw.word->deprel == sw.word->deprel;
  }
  ParseScores scores;
  scores.gold_words = g.size();
  scores.system_words = s.size();
  scores.aligned_words = aligned;
  const auto f1 = [&](std::size_t correct) {
    const double total = static_cast<double>(g.size() + s.size());
    return total == 0 ? 0.0 : 2.0 * correct / total;
  };
  scores.words = f1(aligned);
  scores.upos = f1(upos);
  scores.xpos = f1(xpos);
  scores.lemma = f1(lemma);
  scores.uas = f1(uas);
  scores.las = f1(las);
  scores.las_full = f1(las_full);
  return scores;
}

ParseScores EvaluatePipeline(const Pipeline& pipeline,
                             const std::vector<ConlluSentence>& gold,
                             bool raw) {
  if (!raw) {
    std::vector<ConlluSentence> system = gold;
    for (ConlluSentence& sentence : system) pipeline.Annotate(&sentence);
    return ScoreParses(gold, system);
  }
  std::string text;
  for (const ConlluSentence& sentence : gold) {
    const bool new_paragraph = !sentence.Comment("newpar").empty() ||
                               !sentence.Comment("newdoc id").empty() ||
                               !sentence.Comment("newpar id").empty();
    if (!text.empty()) text += new_paragraph ? "\n\n" : " ";
    text += sentence.Comment("text");
  }
  const std::vector<ConlluSentence> system =
      Pipeline::ToConllu(pipeline.Parse(text), text, "");
  return ScoreParses(gold, system);
}

std::string FormatScores(const ParseScores& scores) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer,
                "Metric     | F1 score\n"
                "-----------+---------\n"
                "Words      | %6.2f\n"
                "UPOS       | %6.2f\n"
                "XPOS       | %6.2f\n"
                "Lemmas     | %6.2f\n"
                "UAS        | %6.2f\n"
                "LAS        | %6.2f   (universal relations, CoNLL 2018)\n"
                "LAS full   | %6.2f   (with subtypes)\n"
                "gold words %zu, system words %zu, aligned %zu\n",
                100 * scores.words, 100 * scores.upos, 100 * scores.xpos,
                100 * scores.lemma, 100 * scores.uas, 100 * scores.las,
                100 * scores.las_full, scores.gold_words, scores.system_words,
                scores.aligned_words);
  return buffer;
}

}  // namespace kg
