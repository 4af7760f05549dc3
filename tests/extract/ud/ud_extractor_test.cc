// The "ud" extractor on hand-annotated trees (tests/data/ud_trees, no
// model needed) and, when data/models/en.kgm exists, on the stance corpus
// (tests/data/stance_corpus) through the real text -> model -> extractor
// path, with precision and recall of signed actor edges asserted.
#include "extract/ud/ud_extractor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "extract/ud/clause.h"
#include "extract/ud/open_triples.h"
#include "nlp/conllu.h"

namespace kg {
namespace {

const std::string kSource = KG_SOURCE_DIR;

struct Expected {
  std::string subject, relation, object;
  int polarity = 0;
  bool negated = false;
  std::string modality;  // Empty = not checked.
  std::string by;        // Empty = not checked.
};

// "FRA support UKR +1 negated modality=reported by=x" (relation may hold
// spaces: the subject is the first field, object and polarity the last).
bool ParseExpected(const std::string& line, Expected* e) {
  std::istringstream in(line);
  std::vector<std::string> core;
  std::string field;
  while (in >> field) {
    if (field == "negated") {
      e->negated = true;
    } else if (field.starts_with("modality=")) {
      e->modality = field.substr(9);
    } else if (field.starts_with("by=")) {
      e->by = field.substr(3);
    } else {
      core.push_back(field);
    }
  }
  if (core.size() < 4) return false;
  e->subject = core.front();
  e->polarity = std::stoi(core.back());
  e->object = core[core.size() - 2];
  for (std::size_t k = 1; k + 2 < core.size(); ++k) {
    e->relation += (e->relation.empty() ? "" : " ") + core[k];
  }
  return true;
}

using EdgeKey = std::tuple<std::string, std::string, std::string, int, bool>;

EdgeKey KeyOf(const Relation& r) {
  return {r.subject.id, r.relation, r.object.id, r.polarity, r.negated};
}

std::unique_ptr<UdExtractor> TreeExtractor() {
  ExtractorOptions options;
  options.data_dir = kSource + "/data";
  auto extractor =
      UdExtractor::CreateWithoutModel(options, /*surface_fallback=*/false);
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  return extractor.ok() ? std::move(extractor).value() : nullptr;
}

// Checks one document's relations against the expectations of each of its
// sentences; returns the number of failed sentences.
int CheckSentences(const std::vector<std::vector<Expected>>& expected,
                   const Extraction& extraction,
                   const std::vector<std::string>& names) {
  int failed = 0;
  for (std::size_t s = 0; s < expected.size(); ++s) {
    std::set<EdgeKey> want, got;
    for (const Expected& e : expected[s]) {
      want.insert({e.subject, e.relation, e.object, e.polarity, e.negated});
    }
    std::map<EdgeKey, const Relation*> by_key;
    for (const Relation& r : extraction.relations) {
      if (r.sentence != s) continue;
      got.insert(KeyOf(r));
      by_key[KeyOf(r)] = &r;
    }
    bool ok = want == got;
    std::string detail;
    for (const Expected& e : expected[s]) {
      auto it =
          by_key.find({e.subject, e.relation, e.object, e.polarity, e.negated});
      if (it == by_key.end()) continue;
      const Relation& r = *it->second;
      if (!e.modality.empty() && ModalityName(r.modality) != e.modality) {
        ok = false;
        detail += " modality of " + e.subject + "->" + e.object + " is " +
                  std::string(ModalityName(r.modality)) + ";";
      }
      std::string by = r.attributed_to ? r.attributed_to->id : "";
      if (!e.by.empty() && by != e.by) {
        ok = false;
        detail +=
            " speaker of " + e.subject + "->" + e.object + " is '" + by + "';";
      }
    }
    if (ok) continue;
    ++failed;
    std::string text;
    for (const EdgeKey& k : got) {
      text += "\n  got " + std::get<0>(k) + " " + std::get<1>(k) + " " +
              std::get<2>(k) + " " + std::to_string(std::get<3>(k)) +
              (std::get<4>(k) ? " negated" : "");
    }
    ADD_FAILURE() << names[s] << ":" << detail << text;
  }
  return failed;
}

TEST(UdExtractorTest, HandAnnotatedTrees) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(kSource + "/tests/data/ud_trees")) {
    if (entry.path().extension() != ".conllu") continue;
    ++files;
    auto sentences = ReadConllu(entry.path().string());
    ASSERT_TRUE(sentences.ok()) << sentences.status().ToString();
    std::vector<std::vector<Expected>> expected;
    std::vector<std::string> names;
    for (const ConlluSentence& s : *sentences) {
      expected.emplace_back();
      names.push_back(entry.path().filename().string() + " " +
                      s.Comment("sent_id") + " \"" + s.Comment("text") + "\"");
      for (const std::string& c : s.comments) {
        constexpr std::string_view kPrefix = "# expect = ";
        if (!c.starts_with(kPrefix)) continue;
        Expected e;
        ASSERT_TRUE(ParseExpected(c.substr(kPrefix.size()), &e)) << c;
        expected.back().push_back(e);
      }
    }
    ParsedText parsed = ParsedFromConllu(*sentences);
    Document doc;
    doc.id = entry.path().stem().string();
    doc.date = "2025-06-01";
    doc.text = parsed.text;
    Extraction extraction = extractor->ExtractParsed(doc, parsed.sentences);
    EXPECT_EQ(extraction.sentence_count, sentences->size());
    EXPECT_EQ(CheckSentences(expected, extraction, names), 0) << entry.path();
  }
  EXPECT_GE(files, 4);
}

// Builds a one-sentence CoNLL-U text from "form upos head deprel" rows.
ParsedText Tree(
    const std::vector<std::tuple<std::string, std::string, int, std::string>>&
        rows) {
  std::string conllu;
  int id = 0;
  for (const auto& [form, upos, head, deprel] : rows) {
    conllu += std::to_string(++id) + "\t" + form + "\t" + form + "\t" + upos +
              "\t_\t_\t" + std::to_string(head) + "\t" + deprel + "\t_\t_\n";
  }
  auto sentences = ParseConllu(conllu + "\n");
  EXPECT_TRUE(sentences.ok()) << sentences.status().ToString();
  return ParsedFromConllu(sentences.ok() ? *sentences
                                         : std::vector<ConlluSentence>{});
}

TEST(UdExtractorTest, OffsetsAndSpansIndexTheText) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText parsed = Tree({{"Poland", "PROPN", 2, "nsubj"},
                            {"condemned", "VERB", 0, "root"},
                            {"Belarus", "PROPN", 2, "obj"}});
  EXPECT_EQ(parsed.text, "Poland condemned Belarus\n");
  ASSERT_EQ(parsed.sentences.size(), 1u);
  EXPECT_EQ(parsed.sentences[0].words[2].start, 17u);
  Document doc{"d", "", "", parsed.text, "", 0};
  Extraction ex = extractor->ExtractParsed(doc, parsed.sentences);
  ASSERT_EQ(ex.relations.size(), 1u);
  EXPECT_EQ(ex.relations[0].span.start, 0u);
  EXPECT_EQ(ex.relations[0].span.end, 24u);
  EXPECT_EQ(ex.relations[0].text, "Poland condemned Belarus");
  EXPECT_GT(ex.relations[0].confidence, 0.5);
}

TEST(UdExtractorTest, PassiveBecomesActiveAndNegationNeutralises) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText parsed = Tree({{"Chile", "PROPN", 4, "nsubj:pass"},
                            {"was", "AUX", 4, "aux:pass"},
                            {"not", "PART", 4, "advmod"},
                            {"condemned", "VERB", 0, "root"},
                            {"by", "ADP", 6, "case"},
                            {"Peru", "PROPN", 4, "obl:agent"}});
  Document doc{"d", "", "", parsed.text, "", 0};
  Extraction ex = extractor->ExtractParsed(doc, parsed.sentences);
  ASSERT_EQ(ex.relations.size(), 1u);
  EXPECT_EQ(ex.relations[0].subject.id, "PER");
  EXPECT_EQ(ex.relations[0].object.id, "CHL");
  EXPECT_TRUE(ex.relations[0].negated);
  EXPECT_EQ(ex.relations[0].polarity, 0);
}

TEST(UdExtractorTest, UnknownProperNamesBecomeEntities) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText parsed = Tree({{"Zorbania", "PROPN", 2, "nsubj"},
                            {"attacked", "VERB", 0, "root"},
                            {"Quentaria", "PROPN", 2, "obj"}});
  Document doc{"d", "", "", parsed.text, "", 0};
  Extraction ex = extractor->ExtractParsed(doc, parsed.sentences);
  ASSERT_EQ(ex.relations.size(), 1u);
  EXPECT_EQ(ex.relations[0].subject.id, "x:zorbania");
  EXPECT_EQ(ex.relations[0].object.id, "x:quentaria");
  EXPECT_EQ(ex.relations[0].polarity, -1);
}

TEST(UdExtractorTest, BrokenTreesDoNotCrash) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  // A cycle (1 -> 2 -> 1), a self loop and heads out of range.
  std::vector<ParsedSentence> sentences(1);
  for (int i = 0; i < 4; ++i) {
    ParsedWord w;
    w.form = i % 2 ? "Poland" : "condemned";
    w.upos = i % 2 ? "PROPN" : "VERB";
    w.head = std::vector<int>{2, 1, 3, 99}[i];
    w.deprel = "conj";
    w.start = 0;
    w.end = 1000;  // Past the text: clamped, not read.
    sentences[0].words.push_back(w);
  }
  sentences.emplace_back();  // An empty sentence.
  Document doc{"d", "", "", "short", "", 0};
  Extraction ex = extractor->ExtractParsed(doc, sentences);
  EXPECT_EQ(ex.sentence_count, 2u);
  for (const Relation& r : ex.relations) {
    EXPECT_LE(r.span.end, 5u);
  }
  DepTree tree(sentences[0]);
  for (int i = 0; i < tree.size(); ++i) EXPECT_GE(tree.depth(i), 0);
}

// A tree with lemmas: (form, lemma, upos, head, deprel) per word.
ParsedText LemmaTree(
    const std::vector<std::tuple<std::string, std::string, std::string, int,
                                 std::string>>& rows) {
  std::string conllu;
  int id = 0;
  for (const auto& [form, lemma, upos, head, deprel] : rows) {
    conllu += std::to_string(++id) + "\t" + form + "\t" + lemma + "\t" + upos +
              "\t_\t_\t" + std::to_string(head) + "\t" + deprel + "\t_\t_\n";
  }
  auto sentences = ParseConllu(conllu + "\n");
  EXPECT_TRUE(sentences.ok()) << sentences.status().ToString();
  return ParsedFromConllu(sentences.ok() ? *sentences
                                         : std::vector<ConlluSentence>{});
}

std::string Describe(const std::vector<Relation>& relations) {
  std::string out;
  for (const Relation& r : relations) {
    out += r.subject.id + " " + r.relation + " " + r.object.id + " " +
           std::to_string(r.polarity) + (r.negated ? " negated" : "") + "; ";
  }
  return out;
}

// Signed actor edges, as the stance corpus scores them.
std::vector<Relation> Signed(const Extraction& ex) {
  std::vector<Relation> out;
  for (const Relation& r : ex.relations) {
    if (r.polarity != 0 && r.object.type != EntityType::kTopic) {
      out.push_back(r);
    }
  }
  return out;
}

TEST(UdExtractorTest, FallbackReadsFlatTreesButLeavesPlacesOut) {
  // No clause in the tree (every word a "dep"): only the surface reading
  // links the actors, and the place "Europe" takes no stance.
  std::vector<std::tuple<std::string, std::string, int, std::string>> rows;
  for (std::string form : {"Europe", "praises", "Chile", "and", "Germany",
                           "praises", "Poland", "."}) {
    rows.emplace_back(form, form == "." ? "PUNCT" : "X", rows.empty() ? 0 : 1,
                      rows.empty() ? "root" : "dep");
  }
  ParsedText parsed = Tree(rows);
  Document doc{"d", "2025-06-01", "", parsed.text, "", 0};
  auto tree_only = TreeExtractor();
  ASSERT_NE(tree_only, nullptr);
  EXPECT_TRUE(
      tree_only->ExtractParsed(doc, parsed.sentences).relations.empty());
  ExtractorOptions options;
  options.data_dir = kSource + "/data";
  auto with_fallback = UdExtractor::CreateWithoutModel(options);
  ASSERT_TRUE(with_fallback.ok()) << with_fallback.status().ToString();
  Extraction ex = (*with_fallback)->ExtractParsed(doc, parsed.sentences);
  std::set<EdgeKey> edges;
  for (const Relation& r : ex.relations) {
    EXPECT_NE(r.subject.type, EntityType::kPlace) << r.subject.id;
    if (r.polarity > 0) {
      EXPECT_NE(r.object.type, EntityType::kPlace) << r.object.id;
    }
    edges.insert(KeyOf(r));
  }
  EXPECT_TRUE(edges.contains(EdgeKey{"DEU", "praise", "POL", 1, false}));
}

TEST(UdExtractorTest, DenialNegatesItsComplement) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText parsed =
      LemmaTree({{"Belarus", "Belarus", "PROPN", 2, "nsubj"},
                 {"denied", "deny", "VERB", 0, "root"},
                 {"attacking", "attack", "VERB", 2, "xcomp"},
                 {"Lithuania", "Lithuania", "PROPN", 3, "obj"}});
  Document doc{"d", "2025-06-01", "", parsed.text, "", 0};
  Extraction ex = extractor->ExtractParsed(doc, parsed.sentences);
  EXPECT_TRUE(Signed(ex).empty()) << Describe(ex.relations);
  bool attack = false;
  for (const Relation& r : ex.relations) {
    if (r.relation != "attack") continue;
    attack = true;
    EXPECT_TRUE(r.negated);
  }
  EXPECT_TRUE(attack) << Describe(ex.relations);
}

TEST(UdExtractorTest, WithholdingFromAnActorOpposesIt) {
  // "deny X funding": X is the one denied, not a funder.
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText parsed = LemmaTree({{"Estonia", "Estonia", "PROPN", 2, "nsubj"},
                                 {"denied", "deny", "VERB", 0, "root"},
                                 {"Russia", "Russia", "PROPN", 4, "compound"},
                                 {"funding", "funding", "NOUN", 2, "obj"}});
  Document doc{"d", "2025-06-01", "", parsed.text, "", 0};
  std::vector<Relation> edges =
      Signed(extractor->ExtractParsed(doc, parsed.sentences));
  ASSERT_EQ(edges.size(), 1u) << Describe(edges);
  EXPECT_EQ(edges[0].subject.id, "EST");
  EXPECT_EQ(edges[0].object.id, "RUS");
  EXPECT_EQ(edges[0].polarity, -1);
}

TEST(UdExtractorTest, AVenueOrARequestIsNoStanceOnTheActor) {
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  ParsedText venue = LemmaTree({{"Norway", "Norway", "PROPN", 2, "nsubj"},
                                {"rejected", "reject", "VERB", 0, "root"},
                                {"Minsk", "Minsk", "PROPN", 2, "obj"},
                                {"as", "as", "ADP", 6, "case"},
                                {"a", "a", "DET", 6, "det"},
                                {"venue", "venue", "NOUN", 2, "obl"}});
  Document doc{"d", "2025-06-01", "", venue.text, "", 0};
  Extraction ex = extractor->ExtractParsed(doc, venue.sentences);
  for (const Relation& r : ex.relations) EXPECT_NE(r.object.id, "BLR");
  ASSERT_FALSE(ex.relations.empty());
  EXPECT_EQ(ex.relations[0].object.type, EntityType::kTopic);
  ParsedText request = LemmaTree({{"Chile", "Chile", "PROPN", 2, "nsubj"},
                                  {"demanded", "demand", "VERB", 0, "root"},
                                  {"weapons", "weapon", "NOUN", 2, "obj"},
                                  {"from", "from", "ADP", 5, "case"},
                                  {"Germany", "Germany", "PROPN", 2, "obl"}});
  doc.text = request.text;
  EXPECT_TRUE(Signed(extractor->ExtractParsed(doc, request.sentences)).empty());
}

TEST(UdExtractorTest, RegisteredAndNeedsModelForText) {
  auto names = Extractor::Names();
  EXPECT_NE(std::find(names.begin(), names.end(), "ud"), names.end());
  auto extractor = TreeExtractor();
  ASSERT_NE(extractor, nullptr);
  Document doc{"d", "", "", "Poland condemned Belarus.", "", 0};
  EXPECT_FALSE(extractor->Extract(doc).ok());
  EXPECT_EQ(extractor->name(), "ud");
  EXPECT_FALSE(extractor->version().empty());
}

TEST(UdCarbTest, ClausesBecomeOpenTriples) {
  ParsedText parsed = Tree({{"Chile", "PROPN", 4, "nsubj:pass"},
                            {"was", "AUX", 4, "aux:pass"},
                            {"not", "PART", 4, "advmod"},
                            {"invited", "VERB", 0, "root"},
                            {"by", "ADP", 6, "case"},
                            {"Peru", "PROPN", 4, "obl:agent"},
                            {"to", "ADP", 9, "case"},
                            {"the", "DET", 9, "det"},
                            {"talks", "NOUN", 4, "obl"}});
  ASSERT_EQ(parsed.sentences.size(), 1u);
  std::vector<OpenTriple> triples = OpenTriples(parsed.sentences[0]);
  ASSERT_EQ(triples.size(), 1u);
  EXPECT_EQ(triples[0].relation, "was not invited by");
  ASSERT_EQ(triples[0].arguments.size(), 3u);
  EXPECT_EQ(triples[0].arguments[0], "Chile");
  EXPECT_EQ(triples[0].arguments[1], "Peru");
  EXPECT_EQ(triples[0].arguments[2], "to the talks");
  EXPECT_GT(triples[0].confidence, 0.0);
  EXPECT_LT(triples[0].confidence, 1.0);
  EXPECT_EQ(FormatCarbLine("A\tB", triples[0]).substr(0, 4), "A B\t");
}

TEST(UdCarbTest, ControlChainsJoinTheRelationAndAppositionsSayIs) {
  ParsedText parsed = Tree({{"Jane", "PROPN", 6, "nsubj"},
                            {",", "PUNCT", 4, "punct"},
                            {"a", "DET", 4, "det"},
                            {"senator", "NOUN", 1, "appos"},
                            {",", "PUNCT", 4, "punct"},
                            {"plans", "VERB", 0, "root"},
                            {"to", "PART", 8, "mark"},
                            {"visit", "VERB", 6, "xcomp"},
                            {"Peru", "PROPN", 8, "obj"}});
  std::vector<OpenTriple> triples = OpenTriples(parsed.sentences[0]);
  std::set<std::string> seen;
  for (const OpenTriple& t : triples) {
    std::string line = t.relation;
    for (const std::string& a : t.arguments) line += " | " + a;
    seen.insert(line);
  }
  EXPECT_TRUE(seen.contains("plans to visit | Jane | Peru")) << triples.size();
  EXPECT_TRUE(seen.contains("is | Jane | a senator")) << triples.size();
  EXPECT_EQ(seen.size(), 2u);
}

struct CorpusCase {
  std::string name;
  std::string date;
  std::string text;
  std::vector<Expected> expected;
};

// Reads the golden-style .test files of tests/data/stance_corpus.
std::vector<CorpusCase> ReadCorpus(const std::string& dir) {
  std::vector<CorpusCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    enum { kNone, kText, kExpect } mode = kNone;
    while (std::getline(in, line)) {
      if (line.starts_with("case:")) {
        cases.push_back(
            {path.filename().string() + ": " + line.substr(6), "", "", {}});
        mode = kNone;
      } else if (cases.empty() || line.starts_with("#")) {
        continue;
      } else if (line.starts_with("date:")) {
        cases.back().date = line.substr(6);
      } else if (line == "text:") {
        mode = kText;
      } else if (line == "expect:") {
        mode = kExpect;
      } else if (line == "end") {
        mode = kNone;
      } else if (mode == kText) {
        cases.back().text += line + "\n";
      } else if (mode == kExpect) {
        Expected e;
        EXPECT_TRUE(ParseExpected(line, &e)) << path << ": " << line;
        cases.back().expected.push_back(e);
      }
    }
  }
  return cases;
}

// A signed actor edge: (case, subject, object, sign); topics and neutral
// edges are not counted.
using SignedEdge = std::tuple<std::size_t, std::string, std::string, int>;

bool Counts(const std::string& object, int polarity) {
  return polarity != 0 && !object.starts_with("t:");
}

struct Score {
  double precision = 0.0;
  double recall = 0.0;
  std::string misses;  // Missed and spurious edges, for the failure message.
};

Score ScoreExtractor(const Extractor& extractor,
                     const std::vector<CorpusCase>& cases) {
  std::set<SignedEdge> gold, predicted;
  for (std::size_t c = 0; c < cases.size(); ++c) {
    for (const Expected& e : cases[c].expected) {
      if (Counts(e.object, e.polarity)) {
        gold.insert({c, e.subject, e.object, e.polarity});
      }
    }
    Document doc{
        "case" + std::to_string(c), cases[c].date, "", cases[c].text, "", 0};
    auto extraction = extractor.Extract(doc);
    EXPECT_TRUE(extraction.ok()) << extraction.status().ToString();
    if (!extraction.ok()) continue;
    for (const Relation& r : extraction->relations) {
      if (Counts(r.object.id, r.polarity)) {
        predicted.insert({c, r.subject.id, r.object.id, r.polarity});
      }
    }
  }
  std::size_t hits = 0;
  Score score;
  for (const SignedEdge& e : predicted) {
    if (gold.contains(e)) {
      ++hits;
      continue;
    }
    score.misses += "\n  spurious [" + cases[std::get<0>(e)].name + "] " +
                    std::get<1>(e) + " " + std::get<2>(e) + " " +
                    std::to_string(std::get<3>(e));
  }
  for (const SignedEdge& e : gold) {
    if (predicted.contains(e)) continue;
    score.misses += "\n  missed   [" + cases[std::get<0>(e)].name + "] " +
                    std::get<1>(e) + " " + std::get<2>(e) + " " +
                    std::to_string(std::get<3>(e));
  }
  score.precision = predicted.empty() ? 0.0 : double(hits) / predicted.size();
  score.recall = gold.empty() ? 0.0 : double(hits) / gold.size();
  return score;
}

TEST(UdStanceCorpusTest, SignedActorEdgesFromText) {
  ExtractorOptions options;
  options.data_dir = kSource + "/data";
  if (!std::filesystem::exists(options.data_dir + "/models/en.kgm")) {
    GTEST_SKIP() << "data/models/en.kgm is missing; the stance corpus runs "
                    "text through the model (see docs/models.md)";
  }
  std::vector<CorpusCase> cases =
      ReadCorpus(kSource + "/tests/data/stance_corpus");
  ASSERT_GE(cases.size(), 150u);
  auto ud = Extractor::Create("ud", options);
  ASSERT_TRUE(ud.ok()) << ud.status().ToString();
  Score score = ScoreExtractor(**ud, cases);
  auto baseline = Extractor::Create("baseline", options);
  ASSERT_TRUE(baseline.ok()) << baseline.status().ToString();
  Score base = ScoreExtractor(**baseline, cases);
  std::printf(
      "stance corpus, %zu cases: ud P=%.3f R=%.3f; baseline P=%.3f "
      "R=%.3f\n",
      cases.size(), score.precision, score.recall, base.precision, base.recall);
  if (std::getenv("KG_SHOW_MISSES") != nullptr) {
    std::printf("%s\n", score.misses.c_str());
  }
  EXPECT_GE(score.precision, 0.85) << score.misses;
  EXPECT_GE(score.recall, 0.85) << score.misses;
}

}  // namespace
}  // namespace kg
