#include "import/importer.h"

#include <serd/serd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "common/utf8.h"
#include "core/document.h"
#include "core/relation_json.h"
#include "export/rdf_vocabulary.h"
#include "ingest/document_reader.h"

namespace kg {
namespace {

namespace v = rdf;

constexpr char kImportVersion[] = "import/1";

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string Extension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return extension;
}

bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

std::optional<long long> ParseInteger(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return value;
}

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The store's identity for a document: a hash of everything it holds.
void Seal(ImportedDocument* doc, const std::string& path) {
  std::vector<std::string> lines;
  std::uint32_t sentences = 0;
  for (const Relation& relation : doc->relations) {
    lines.push_back(RelationToJsonLine(relation));
    sentences = std::max(sentences, relation.sentence + 1);
  }
  std::sort(lines.begin(), lines.end());
  Document content;
  content.date = doc->record.date;
  content.title = doc->record.title;
  for (const std::string& line : lines) content.text += line + '\n';
  doc->record.content_hash = ContentHash(content);
  doc->record.sentence_count = sentences;
  doc->record.ingested_at = static_cast<std::int64_t>(std::time(nullptr));
  doc->record.extractor_version = kImportVersion;
  if (doc->record.source.empty()) doc->record.source = path;
}

// ---- CSV -------------------------------------------------------------

// RFC 4180 records; InputError for an unterminated quote.
Result<std::vector<std::vector<std::string>>> CsvRecords(
    const std::string& text, const std::string& path) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t quote_line = 0;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    if (!(record.size() == 1 && record[0].empty())) {
      records.push_back(std::move(record));
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      if (!field.empty() && field.back() == '\r') field.pop_back();
      end_record();
      ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return Status::InputError(path + ":" + std::to_string(quote_line) +
                              ": unterminated quoted field");
  }
  if (!field.empty() && field.back() == '\r') field.pop_back();
  if (!field.empty() || !record.empty()) end_record();
  return records;
}

EntityRef CsvEntity(const std::string& id) {
  return EntityRef{id, id, id, EntityType::kOther, ""};
}

// The column of each header name.
using CsvColumns = std::map<std::string, std::size_t>;

Result<CsvColumns> ReadCsvHeader(const std::vector<std::string>& header,
                                 const std::string& path) {
  CsvColumns columns;
  for (std::size_t i = 0; i < header.size(); ++i) columns[header[i]] = i;
  for (const char* required :
       {"source", "target", "relation", "polarity", "weight", "count"}) {
    if (columns.count(required) == 0) {
      return Status::InputError(path + ":1: the header lacks '" +
                                std::string(required) +
                                "' (expected source,target,relation,polarity,"
                                "weight,count,first,last)");
    }
  }
  return columns;
}

std::string CsvCell(const CsvColumns& columns,
                    const std::vector<std::string>& row, const char* name) {
  auto it = columns.find(name);
  if (it == columns.end() || it->second >= row.size()) return "";
  return row[it->second];
}

// The `count` pieces of evidence one row stands for (see importer.h).
// `where` names the row in errors.
Status AddCsvRow(const CsvColumns& columns, const std::vector<std::string>& row,
                 const std::string& where, const ImportOptions& options,
                 ImportedDocument* doc) {
  const std::string source = CsvCell(columns, row, "source");
  const std::string target = CsvCell(columns, row, "target");
  const std::string lemma = CsvCell(columns, row, "relation");
  const auto polarity = ParseInteger(CsvCell(columns, row, "polarity"));
  const auto weight = ParseNumber(CsvCell(columns, row, "weight"));
  const auto count = ParseInteger(CsvCell(columns, row, "count"));
  const std::string first = CsvCell(columns, row, "first");
  const std::string last = CsvCell(columns, row, "last");
  if (source.empty() || target.empty() || lemma.empty()) {
    return Status::InputError(where + ": empty source, target or relation");
  }
  if (!polarity || *polarity < -1 || *polarity > 1) {
    return Status::InputError(where + ": polarity must be -1, 0 or 1");
  }
  if (!weight || *weight < 0) {
    return Status::InputError(where + ": weight must be a number >= 0");
  }
  if (!count || *count < 1 ||
      static_cast<std::uint64_t>(*count) > options.max_count) {
    return Status::InputError(where + ": count must be 1.." +
                              std::to_string(options.max_count));
  }
  if ((!first.empty() && !IsDate(first)) || (!last.empty() && !IsDate(last))) {
    return Status::InputError(where + ": first and last take YYYY-MM-DD");
  }
  const auto sentence = static_cast<std::uint32_t>(
      doc->relations.empty() ? 0 : doc->relations.back().sentence + 1);
  for (long long piece = 0; piece < *count; ++piece) {
    Relation relation;
    relation.doc = doc->record.id;
    relation.sentence = sentence;
    relation.subject = CsvEntity(source);
    relation.relation = lemma;
    relation.object = CsvEntity(target);
    relation.polarity = static_cast<int>(*polarity);
    relation.confidence = 1.0;
    relation.weight = *weight / static_cast<double>(*count);
    relation.date = piece == 0 || last.empty() ? first : last;
    doc->relations.push_back(std::move(relation));
  }
  return Status::Ok();
}

Result<std::vector<ImportedDocument>> ParseCsv(const std::string& text,
                                               const std::string& path,
                                               const ImportOptions& options) {
  KG_ASSIGN_OR_RETURN(auto records, CsvRecords(text, path));
  if (records.empty()) return Status::InputError(path + ": empty csv file");
  KG_ASSIGN_OR_RETURN(const CsvColumns columns,
                      ReadCsvHeader(records[0], path));
  ImportedDocument doc;
  doc.record.id = "import:" + FileName(path);
  doc.record.title = FileName(path);
  for (std::size_t r = 1; r < records.size(); ++r) {
    KG_RETURN_IF_ERROR(AddCsvRow(columns, records[r],
                                 path + ": record " + std::to_string(r + 1),
                                 options, &doc));
  }
  std::vector<ImportedDocument> docs;
  if (doc.relations.empty()) return docs;
  Seal(&doc, path);
  docs.push_back(std::move(doc));
  return docs;
}

// ---- RDF -------------------------------------------------------------

struct Statement {
  std::string graph;  // Empty: the default graph.
  std::string subject;
  std::string predicate;
  std::string object;
  bool subject_iri = false;
  bool object_iri = false;
  bool object_literal = false;
};

struct ReadState {
  std::vector<Statement> statements;
  std::string error;
  // Turtle's @prefix and @base, to expand prefixed names (CURIEs) and
  // relative IRIs, which serd passes on unexpanded.
  SerdEnv* env = nullptr;
};

std::string Text(const SerdNode* node) {
  if (node == nullptr || node->buf == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(node->buf), node->n_bytes);
}

// The full IRI of a CURIE or (relative) IRI node; other nodes' text as is.
// Sets *is_iri for IRIs. nullopt for a CURIE whose prefix is undeclared.
std::optional<std::string> Expanded(const ReadState& state,
                                    const SerdNode* node, bool* is_iri) {
  if (is_iri != nullptr) *is_iri = false;
  if (node == nullptr || node->buf == nullptr) return "";
  if (node->type != SERD_URI && node->type != SERD_CURIE) return Text(node);
  SerdNode expanded = serd_env_expand_node(state.env, node);
  if (expanded.buf == nullptr && node->type == SERD_CURIE) return std::nullopt;
  if (is_iri != nullptr) *is_iri = true;
  // A relative IRI without a base stays as written.
  if (expanded.buf == nullptr) return Text(node);
  std::string text = Text(&expanded);
  serd_node_free(&expanded);
  return text;
}

SerdStatus OnBase(void* handle, const SerdNode* uri) {
  return serd_env_set_base_uri(static_cast<ReadState*>(handle)->env, uri);
}

SerdStatus OnPrefix(void* handle, const SerdNode* name, const SerdNode* uri) {
  return serd_env_set_prefix(static_cast<ReadState*>(handle)->env, name, uri);
}

SerdStatus OnStatement(void* handle, SerdStatementFlags, const SerdNode* graph,
                       const SerdNode* subject, const SerdNode* predicate,
                       const SerdNode* object, const SerdNode*,
                       const SerdNode*) {
  auto* state = static_cast<ReadState*>(handle);
  Statement statement;
  const std::optional<std::string> parts[] = {
      Expanded(*state, graph, nullptr),
      Expanded(*state, subject, &statement.subject_iri),
      Expanded(*state, predicate, nullptr),
      Expanded(*state, object, &statement.object_iri)};
  const SerdNode* nodes[] = {graph, subject, predicate, object};
  for (std::size_t i = 0; i < std::size(parts); ++i) {
    if (parts[i]) continue;
    // serd passes prefixed names on unexpanded: only here is an
    // undeclared prefix seen.
    // No line is known here: the leading space stands in for "line:col:".
    state->error = " undefined prefix in '" + Text(nodes[i]) + "'";
    return SERD_ERR_BAD_CURIE;
  }
  statement.graph = *parts[0];
  statement.subject = *parts[1];
  statement.predicate = *parts[2];
  statement.object = *parts[3];
  statement.object_literal = object->type == SERD_LITERAL;
  state->statements.push_back(std::move(statement));
  return SERD_SUCCESS;
}

SerdStatus OnError(void* handle, const SerdError* error) {
  auto* state = static_cast<ReadState*>(handle);
  if (!state->error.empty()) return SERD_SUCCESS;
  char message[512];
  std::vsnprintf(message, sizeof message, error->fmt, *error->args);
  std::string text = message;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  state->error = std::to_string(error->line) + ":" +
                 std::to_string(error->col) + ": " + text;
  return SERD_SUCCESS;
}

Result<std::vector<Statement>> ReadRdf(const std::string& text,
                                       const std::string& path,
                                       SerdSyntax syntax) {
  ReadState state;
  state.env = serd_env_new(nullptr);
  SerdReader* reader = serd_reader_new(syntax, &state, nullptr, OnBase,
                                       OnPrefix, OnStatement, nullptr);
  serd_reader_set_strict(reader, true);
  serd_reader_set_error_sink(reader, OnError, &state);
  const SerdStatus status = serd_reader_read_string(
      reader, reinterpret_cast<const uint8_t*>(text.c_str()));
  serd_reader_free(reader);
  serd_env_free(state.env);
  if (status != SERD_SUCCESS || !state.error.empty()) {
    return Status::InputError(
        path + ":" +
        (state.error.empty() ? std::string(" ") + reinterpret_cast<const char*>(
                                                      serd_strerror(status))
                             : state.error));
  }
  return std::move(state.statements);
}

class RdfDocuments {
 public:
  RdfDocuments(const std::string& path, const ImportOptions& options)
      : path_(path), base_(options.base_iri) {}

  Result<std::vector<ImportedDocument>> Build(
      const std::vector<Statement>& statements, std::size_t* ignored) {
    Index(statements);
    for (const std::string& node : evidence_nodes_) {
      KG_RETURN_IF_ERROR(AddEvidence(node));
    }
    for (const Statement& statement : statements) {
      if (!IsPlainRelation(statement)) continue;
      const std::string doc = statement.graph;
      if (covered_.count({doc, statement.subject, statement.predicate,
                          statement.object}) > 0) {
        continue;
      }
      Relation relation;
      relation.subject = Entity(statement.subject);
      relation.relation = Lemma(statement.predicate);
      relation.object = Entity(statement.object);
      relation.polarity = 0;
      relation.confidence = 1.0;
      relation.weight = 1.0;
      ImportedDocument& target = Document(doc);
      relation.sentence = static_cast<std::uint32_t>(target.relations.size());
      relation.doc = target.record.id;
      relation.date = target.record.date;
      target.relations.push_back(std::move(relation));
    }
    if (ignored != nullptr) *ignored = ignored_;
    std::vector<ImportedDocument> docs;
    for (auto& [key, doc] : documents_) {
      if (doc.relations.empty()) continue;
      Seal(&doc, path_);
      docs.push_back(std::move(doc));
    }
    return docs;
  }

 private:
  bool IsVocab(const std::string& iri) const {
    return iri.compare(0, v::kVocab.size(), v::kVocab) == 0;
  }

  bool IsPlainRelation(const Statement& statement) const {
    return statement.subject_iri && statement.object_iri &&
           statement.predicate != v::kRdfType &&
           !IsVocab(statement.predicate) &&
           evidence_nodes_.count(statement.subject) == 0 &&
           documents_described_.count(statement.subject) == 0;
  }

  void Index(const std::vector<Statement>& statements) {
    const std::string type(v::kRdfType);
    const std::string label(v::kRdfsLabel);
    for (const Statement& statement : statements) {
      const std::string& p = statement.predicate;
      if (p == type && statement.object == v::Vocab(v::kEvidence)) {
        evidence_nodes_.insert(statement.subject);
        evidence_graph_[statement.subject] = statement.graph;
      } else if (p == type && statement.object == v::Vocab(v::kDocument)) {
        documents_described_.insert(statement.subject);
      } else if (p == label && statement.object_literal) {
        labels_[statement.subject] = statement.object;
      } else if (IsVocab(p)) {
        properties_[statement.subject][p.substr(v::kVocab.size())] =
            statement.object;
      } else if (p != type &&
                 !(statement.subject_iri && statement.object_iri)) {
        ++ignored_;
      }
    }
  }

  std::string Property(const std::string& node, std::string_view name) const {
    auto it = properties_.find(node);
    if (it == properties_.end()) return "";
    auto property = it->second.find(std::string(name));
    return property == it->second.end() ? "" : property->second;
  }

  static std::string LocalName(const std::string& iri) {
    const std::size_t cut = iri.find_last_of("#/");
    if (cut == std::string::npos || cut + 1 == iri.size()) return iri;
    return iri.substr(cut + 1);
  }

  EntityRef Entity(const std::string& iri) const {
    EntityRef entity;
    entity.id = v::EntityKeyOf(base_, iri).value_or(iri);
    const std::string key = Property(iri, v::kKey);
    auto label = labels_.find(iri);
    entity.name = label != labels_.end() ? label->second
                  : !key.empty()         ? key
                                         : entity.id;
    entity.text = entity.name;
    entity.type = ParseEntityType(Property(iri, v::kEntityType))
                      .value_or(EntityType::kOther);
    const std::string affiliation = Property(iri, v::kAffiliation);
    if (!affiliation.empty()) {
      entity.affiliation =
          v::EntityKeyOf(base_, affiliation).value_or(affiliation);
    }
    return entity;
  }

  std::string Lemma(const std::string& iri) const {
    if (auto lemma = v::RelationLemmaOf(base_, iri)) return *lemma;
    auto label = labels_.find(iri);
    return label != labels_.end() ? label->second : LocalName(iri);
  }

  ImportedDocument& Document(const std::string& iri) {
    auto it = documents_.find(iri);
    if (it != documents_.end()) return it->second;
    ImportedDocument doc;
    if (iri.empty()) {
      doc.record.id = "import:" + FileName(path_);
      doc.record.title = FileName(path_);
      doc.record.source = path_;
    } else {
      doc.record.id = v::DocumentIdOf(base_, iri).value_or(iri);
      doc.record.title = Property(iri, v::kTitle);
      doc.record.source = path_ + " <" + iri + ">";
      const std::string date = Property(iri, v::kDate);
      if (IsDate(date)) doc.record.date = date;
    }
    return documents_.emplace(iri, std::move(doc)).first->second;
  }

  // A property holding an unsigned number; 0 when absent or malformed,
  // clamped to what a uint32 holds.
  std::uint32_t Counter(const std::string& node, std::string_view name) const {
    return static_cast<std::uint32_t>(
        std::clamp<long long>(ParseInteger(Property(node, name)).value_or(0), 0,
                              std::numeric_limits<std::uint32_t>::max()));
  }

  // The piece of evidence an evidence node describes, but for its document
  // and date, which depend on the document it joins.
  Relation EvidenceRelation(const std::string& node) const {
    Relation relation;
    relation.subject = Entity(Property(node, v::kSubject));
    relation.relation = Lemma(Property(node, v::kPredicate));
    relation.object = Entity(Property(node, v::kObject));
    relation.polarity = static_cast<int>(
        ParseInteger(Property(node, v::kPolarity)).value_or(0));
    const std::string negated = Property(node, v::kNegated);
    relation.negated = negated == "true" || negated == "1";
    relation.modality = ParseModality(Property(node, v::kModality))
                            .value_or(Modality::kAsserted);
    relation.confidence = std::clamp(
        ParseNumber(Property(node, v::kConfidence)).value_or(1.0), 0.0, 1.0);
    relation.weight = ParseNumber(Property(node, v::kWeight)).value_or(1.0);
    relation.sentence = Counter(node, v::kSentence);
    relation.span.start = Counter(node, v::kSpanStart);
    relation.span.end = Counter(node, v::kSpanEnd);
    relation.text = Property(node, v::kText);
    const std::string subject_text = Property(node, v::kSubjectText);
    const std::string object_text = Property(node, v::kObjectText);
    if (!subject_text.empty()) relation.subject.text = subject_text;
    if (!object_text.empty()) relation.object.text = object_text;
    const std::string speaker = Property(node, v::kAttributedTo);
    if (!speaker.empty()) relation.attributed_to = Entity(speaker);
    return relation;
  }

  Status AddEvidence(const std::string& node) {
    const std::string subject = Property(node, v::kSubject);
    const std::string predicate = Property(node, v::kPredicate);
    const std::string object = Property(node, v::kObject);
    const auto polarity = ParseInteger(Property(node, v::kPolarity));
    if (subject.empty() || predicate.empty() || object.empty()) {
      return Status::InputError(path_ + ": evidence <" + node +
                                "> lacks kg:subject, kg:predicate or "
                                "kg:object");
    }
    if (polarity && (*polarity < -1 || *polarity > 1)) {
      return Status::InputError(path_ + ": evidence <" + node +
                                "> has a polarity outside -1..1");
    }
    std::string doc = Property(node, v::kInDocument);
    if (doc.empty()) doc = evidence_graph_[node];
    // The plain statement of the triple, in the document's graph (N-Quads)
    // or the default graph (N-Triples, Turtle), is this evidence's summary.
    covered_.insert({doc, subject, predicate, object});
    covered_.insert({"", subject, predicate, object});
    Relation relation = EvidenceRelation(node);
    ImportedDocument& target = Document(doc);
    const std::string date = Property(node, v::kDate);
    relation.date = IsDate(date) ? date : target.record.date;
    relation.doc = target.record.id;
    target.relations.push_back(std::move(relation));
    return Status::Ok();
  }

  std::string path_;
  std::string base_;
  std::set<std::string> evidence_nodes_;  // Sorted: a stable order.
  std::unordered_map<std::string, std::string> evidence_graph_;
  std::set<std::string> documents_described_;
  std::unordered_map<std::string, std::string> labels_;
  std::unordered_map<std::string, std::map<std::string, std::string>>
      properties_;
  std::set<std::tuple<std::string, std::string, std::string, std::string>>
      covered_;
  std::map<std::string, ImportedDocument> documents_;
  std::size_t ignored_ = 0;
};

// Fills in what the store knows of entities the file did not type.
Status Enrich(Store& store, std::vector<ImportedDocument>* docs) {
  std::unordered_map<std::string, std::optional<Term>> known;
  auto enrich = [&](EntityRef* entity) -> Status {
    if (entity->type != EntityType::kOther) return Status::Ok();
    auto it = known.find(entity->id);
    if (it == known.end()) {
      KG_ASSIGN_OR_RETURN(std::optional<Term> term,
                          store.FindEntity(entity->id));
      if (term && term->key != entity->id) term.reset();
      it = known.emplace(entity->id, std::move(term)).first;
    }
    if (!it->second) return Status::Ok();
    if (entity->name == entity->id) entity->name = it->second->name;
    if (entity->text == entity->id) entity->text = it->second->name;
    entity->type = it->second->type;
    if (entity->affiliation.empty()) {
      entity->affiliation = it->second->affiliation;
    }
    return Status::Ok();
  };
  for (ImportedDocument& doc : *docs) {
    for (Relation& relation : doc.relations) {
      KG_RETURN_IF_ERROR(enrich(&relation.subject));
      KG_RETURN_IF_ERROR(enrich(&relation.object));
      if (relation.attributed_to) {
        KG_RETURN_IF_ERROR(enrich(&*relation.attributed_to));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<ImportedDocument>> ParseImportFile(
    Env* env, const std::string& path, const ImportOptions& options,
    std::size_t* statements_ignored) {
  if (statements_ignored != nullptr) *statements_ignored = 0;
  const std::string extension = Extension(path);
  const bool csv = extension == ".csv";
  SerdSyntax syntax = SERD_NQUADS;
  if (extension == ".ttl") {
    syntax = SERD_TURTLE;
  } else if (!csv && extension != ".nt" && extension != ".nq") {
    return Status::NotSupported(path +
                                ": kg import reads .nt, .nq, .ttl and .csv "
                                "files (by extension)");
  }
  KG_RETURN_IF_ERROR(rdf::ValidateBase(options.base_iri));
  KG_ASSIGN_OR_RETURN(std::string text, env->ReadFile(path, options.max_bytes));
  if (text.empty()) return Status::InputError(path + ": empty file");
  if (LooksBinary(text)) {
    return Status::InputError(path + ": binary data, not text");
  }
  const std::size_t invalid = FindInvalidUtf8(text);
  if (invalid != std::string::npos) {
    const auto line = std::count(text.begin(), text.begin() + invalid, '\n');
    return Status::InputError(path + ":" + std::to_string(line + 1) +
                              ": invalid UTF-8");
  }
  if (csv) return ParseCsv(text, path, options);
  KG_ASSIGN_OR_RETURN(std::vector<Statement> statements,
                      ReadRdf(text, path, syntax));
  RdfDocuments documents(path, options);
  return documents.Build(statements, statements_ignored);
}

Result<ImportSummary> ImportFile(Store& store, Env* env,
                                 const std::string& path,
                                 const ImportOptions& options) {
  ImportSummary summary;
  KG_ASSIGN_OR_RETURN(
      std::vector<ImportedDocument> docs,
      ParseImportFile(env, path, options, &summary.statements_ignored));
  if (docs.empty()) {
    return Status::InputError(path + ": no relations to import");
  }
  KG_RETURN_IF_ERROR(Enrich(store, &docs));
  for (ImportedDocument& doc : docs) {
    Result<bool> added = store.AddDocument(doc.record, doc.relations);
    if (!added.ok()) {
      if (!added.status().IsInvalidArgument()) return added.status();
      summary.problems.push_back(doc.record.id + ": " +
                                 added.status().message());
      continue;
    }
    if (*added) {
      ++summary.documents_added;
      summary.relations_added += doc.relations.size();
    } else {
      ++summary.documents_skipped;
    }
  }
  return summary;
}

}  // namespace kg
