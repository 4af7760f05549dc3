#include "export/rdf_exporter.h"

#include <serd/serd.h>

#include <cstdarg>
#include <cstdio>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "export/csv_exporter.h"
#include "export/rdf_vocabulary.h"
#include "export/selection.h"

namespace kg {
namespace {

namespace v = rdf;

size_t StreamSink(const void* buffer, size_t length, void* stream) {
  auto* out = static_cast<std::ostream*>(stream);
  out->write(static_cast<const char*>(buffer),
             static_cast<std::streamsize>(length));
  return *out ? length : 0;
}

SerdStatus CollectError(void* handle, const SerdError* error) {
  auto* message = static_cast<std::string*>(handle);
  char buffer[512];
  std::vsnprintf(buffer, sizeof buffer, error->fmt, *error->args);
  if (message->empty()) *message = buffer;
  return SERD_SUCCESS;
}

SerdNode Node(SerdType type, const std::string& text) {
  return serd_node_from_substring(
      type, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// A statement object: an IRI, or a literal with an optional datatype IRI.
struct Object {
  SerdType type;
  std::string text;
  const std::string* datatype = nullptr;
};

// The fixed IRIs, built once per export.
struct Iris {
  std::string rdf_type{v::kRdfType};
  std::string label{v::kRdfsLabel};
  std::string integer = std::string(v::kXsd) + "integer";
  std::string dbl = std::string(v::kXsd) + "double";
  std::string boolean = std::string(v::kXsd) + "boolean";
  std::string date = std::string(v::kXsd) + "date";
  std::map<std::string_view, std::string> vocab;

  const std::string& Of(std::string_view local_name) {
    auto it = vocab.find(local_name);
    if (it == vocab.end()) {
      it = vocab.emplace(local_name, v::Vocab(local_name)).first;
    }
    return it->second;
  }
};

class Writer {
 public:
  Writer(RdfSyntax syntax, std::ostream& out) : syntax_(syntax) {
    env_ = serd_env_new(nullptr);
    const SerdSyntax serd_syntax = syntax == RdfSyntax::kNTriples
                                       ? SERD_NTRIPLES
                                   : syntax == RdfSyntax::kNQuads ? SERD_NQUADS
                                                                  : SERD_TURTLE;
    const auto style =
        syntax == RdfSyntax::kTurtle
            ? static_cast<SerdStyle>(SERD_STYLE_ABBREVIATED |
                                     SERD_STYLE_CURIED | SERD_STYLE_BULK)
            : static_cast<SerdStyle>(SERD_STYLE_ASCII | SERD_STYLE_BULK);
    writer_ =
        serd_writer_new(serd_syntax, style, env_, nullptr, StreamSink, &out);
    serd_writer_set_error_sink(writer_, CollectError, &error_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    serd_writer_free(writer_);
    serd_env_free(env_);
  }

  void Prefix(const std::string& name, const std::string& iri) {
    const SerdNode name_node = Node(SERD_LITERAL, name);
    const SerdNode iri_node = Node(SERD_URI, iri);
    serd_writer_set_prefix(writer_, &name_node, &iri_node);
  }

  // `graph` is ignored outside N-Quads.
  Status Write(const std::string* graph, const std::string& subject,
               const std::string& predicate, const Object& object) {
    const SerdNode s = Node(SERD_URI, subject);
    const SerdNode p = Node(SERD_URI, predicate);
    const SerdNode o = Node(object.type, object.text);
    SerdNode datatype = SERD_NODE_NULL;
    if (object.datatype != nullptr) datatype = Node(SERD_URI, *object.datatype);
    SerdNode graph_node = SERD_NODE_NULL;
    if (graph != nullptr && syntax_ == RdfSyntax::kNQuads) {
      graph_node = Node(SERD_URI, *graph);
    }
    const SerdStatus status = serd_writer_write_statement(
        writer_, 0, graph_node.buf ? &graph_node : nullptr, &s, &p, &o,
        datatype.buf ? &datatype : nullptr, nullptr);
    if (status != SERD_SUCCESS) {
      return Status::IOError("writing RDF failed: " +
                             (error_.empty()
                                  ? std::string(reinterpret_cast<const char*>(
                                        serd_strerror(status)))
                                  : error_));
    }
    return Status::Ok();
  }

  Status Finish() {
    if (serd_writer_finish(writer_) != SERD_SUCCESS) {
      return Status::IOError("writing RDF failed: " + error_);
    }
    return Status::Ok();
  }

 private:
  RdfSyntax syntax_;
  SerdEnv* env_ = nullptr;
  SerdWriter* writer_ = nullptr;
  std::string error_;
};

// Text for a literal: serd needs valid UTF-8.
std::string Literal(const std::string& text) {
  if (FindInvalidUtf8(text) == std::string::npos) return text;
  std::string repaired = text;
  RepairUtf8(&repaired);
  return repaired;
}

class RdfExport {
 public:
  RdfExport(const ExportInput& input, RdfSyntax syntax, std::ostream& out)
      : input_(input),
        base_(input.options.base_iri),
        syntax_(syntax),
        writer_(syntax, out) {}

  Status Run() {
    if (syntax_ == RdfSyntax::kTurtle) {
      writer_.Prefix("kg", std::string(v::kVocab));
      writer_.Prefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
      writer_.Prefix("xsd", std::string(v::kXsd));
      writer_.Prefix("entity", base_ + std::string(v::kEntityPath));
      writer_.Prefix("relation", base_ + std::string(v::kRelationPath));
    }
    KG_RETURN_IF_ERROR(ForEachExportTriple(
        input_, input_.options.rdf_evidence,
        [this](const ExportTriple& triple) { return WriteTriple(triple); }));
    KG_RETURN_IF_ERROR(WriteDocuments());
    KG_RETURN_IF_ERROR(WriteTerms());
    KG_RETURN_IF_ERROR(WriteSpeakers());
    return writer_.Finish();
  }

 private:
  Object Iri(std::string iri) { return Object{SERD_URI, std::move(iri)}; }
  Object Text(const std::string& text) {
    return Object{SERD_LITERAL, Literal(text)};
  }
  Object Typed(std::string text, const std::string& datatype) {
    return Object{SERD_LITERAL, std::move(text), &datatype};
  }

  const std::string& TermIri(const Term& term) {
    auto it = term_iris_.find(term.id);
    if (it != term_iris_.end()) return it->second;
    terms_.emplace(term.id, term);
    return term_iris_
        .emplace(term.id, term.is_predicate ? v::RelationIri(base_, term.key)
                                            : v::EntityIri(base_, term.key))
        .first->second;
  }

  struct DocumentState {
    std::string iri;
    std::uint64_t evidence = 0;
  };

  DocumentState& Document(const std::string& id) {
    auto it = documents_.find(id);
    if (it != documents_.end()) return it->second;
    return documents_.emplace(id, DocumentState{v::DocumentIri(base_, id), 0})
        .first->second;
  }

  Status WriteTriple(const ExportTriple& triple) {
    const std::string& s = TermIri(*triple.subject);
    const std::string& p = TermIri(*triple.predicate);
    const std::string& o = TermIri(*triple.object);
    if (!input_.options.rdf_evidence) {
      return writer_.Write(nullptr, s, p, Iri(o));
    }
    const std::string* last_doc = nullptr;
    for (const Relation& relation : triple.evidence) {
      DocumentState& doc = Document(relation.doc);
      // One statement per document it appears in (RDF sets have no
      // duplicates; the evidence nodes keep the count).
      if (last_doc != &doc.iri) {
        KG_RETURN_IF_ERROR(writer_.Write(&doc.iri, s, p, Iri(o)));
        last_doc = &doc.iri;
      }
      KG_RETURN_IF_ERROR(WriteEvidence(relation, doc, s, p, o));
    }
    return Status::Ok();
  }

  Status WriteEvidence(const Relation& relation, DocumentState& doc,
                       const std::string& s, const std::string& p,
                       const std::string& o) {
    const std::string node = doc.iri + std::string(v::kEvidencePath) +
                             std::to_string(doc.evidence++);
    const std::string* g = &doc.iri;
    auto put = [&](std::string_view property, const Object& object) {
      return writer_.Write(g, node, iris_.Of(property), object);
    };
    KG_RETURN_IF_ERROR(
        writer_.Write(g, node, iris_.rdf_type, Iri(iris_.Of(v::kEvidence))));
    KG_RETURN_IF_ERROR(put(v::kSubject, Iri(s)));
    KG_RETURN_IF_ERROR(put(v::kPredicate, Iri(p)));
    KG_RETURN_IF_ERROR(put(v::kObject, Iri(o)));
    KG_RETURN_IF_ERROR(put(v::kInDocument, Iri(doc.iri)));
    KG_RETURN_IF_ERROR(put(
        v::kSentence, Typed(std::to_string(relation.sentence), iris_.integer)));
    KG_RETURN_IF_ERROR(put(
        v::kPolarity, Typed(std::to_string(relation.polarity), iris_.integer)));
    KG_RETURN_IF_ERROR(
        put(v::kNegated,
            Typed(relation.negated ? "true" : "false", iris_.boolean)));
    KG_RETURN_IF_ERROR(
        put(v::kModality, Text(std::string(ModalityName(relation.modality)))));
    KG_RETURN_IF_ERROR(
        put(v::kConfidence,
            Typed(ShortestDecimal(relation.confidence), iris_.dbl)));
    KG_RETURN_IF_ERROR(
        put(v::kWeight, Typed(ShortestDecimal(relation.weight), iris_.dbl)));
    KG_RETURN_IF_ERROR(
        put(v::kSpanStart,
            Typed(std::to_string(relation.span.start), iris_.integer)));
    KG_RETURN_IF_ERROR(put(
        v::kSpanEnd, Typed(std::to_string(relation.span.end), iris_.integer)));
    KG_RETURN_IF_ERROR(put(v::kText, Text(relation.text)));
    KG_RETURN_IF_ERROR(put(v::kSubjectText, Text(relation.subject.text)));
    KG_RETURN_IF_ERROR(put(v::kObjectText, Text(relation.object.text)));
    if (!relation.date.empty()) {
      KG_RETURN_IF_ERROR(put(v::kDate, Typed(relation.date, iris_.date)));
    }
    if (relation.attributed_to) {
      speakers_.emplace(relation.attributed_to->id, *relation.attributed_to);
      KG_RETURN_IF_ERROR(
          put(v::kAttributedTo,
              Iri(v::EntityIri(base_, relation.attributed_to->id))));
    }
    return Status::Ok();
  }

  Status WriteDocuments() {
    for (const auto& [id, doc] : documents_) {
      const std::string* g = &doc.iri;
      KG_RETURN_IF_ERROR(writer_.Write(g, doc.iri, iris_.rdf_type,
                                       Iri(iris_.Of(v::kDocument))));
      KG_RETURN_IF_ERROR(
          writer_.Write(g, doc.iri, iris_.Of(v::kDocId), Text(id)));
      KG_ASSIGN_OR_RETURN(std::optional<DocumentRecord> record,
                          input_.store->GetDocument(id));
      if (!record) continue;
      if (!record->title.empty()) {
        KG_RETURN_IF_ERROR(writer_.Write(g, doc.iri, iris_.Of(v::kTitle),
                                         Text(record->title)));
      }
      if (!record->source.empty()) {
        KG_RETURN_IF_ERROR(writer_.Write(g, doc.iri, iris_.Of(v::kSource),
                                         Text(record->source)));
      }
      if (!record->date.empty()) {
        KG_RETURN_IF_ERROR(writer_.Write(g, doc.iri, iris_.Of(v::kDate),
                                         Typed(record->date, iris_.date)));
      }
    }
    return Status::Ok();
  }

  // Speakers that are no subject or object of an exported triple get the
  // description their mention carries.
  Status WriteSpeakers() {
    std::set<std::string> described;
    for (const auto& [id, term] : terms_) {
      if (!term.is_predicate) described.insert(term.key);
    }
    for (const auto& [key, entity] : speakers_) {
      if (described.count(key) > 0) continue;
      Term term;
      term.key = key;
      term.name = entity.name;
      term.type = entity.type;
      term.affiliation = entity.affiliation;
      KG_RETURN_IF_ERROR(WriteEntity(v::EntityIri(base_, key), term));
    }
    return Status::Ok();
  }

  Status WriteEntity(const std::string& iri, const Term& term) {
    KG_RETURN_IF_ERROR(
        writer_.Write(nullptr, iri, iris_.rdf_type, Iri(iris_.Of(v::kEntity))));
    KG_RETURN_IF_ERROR(
        writer_.Write(nullptr, iri, iris_.Of(v::kEntityType),
                      Text(std::string(EntityTypeName(term.type)))));
    KG_RETURN_IF_ERROR(
        writer_.Write(nullptr, iri, iris_.label,
                      Text(term.name.empty() ? term.key : term.name)));
    KG_RETURN_IF_ERROR(
        writer_.Write(nullptr, iri, iris_.Of(v::kKey), Text(term.key)));
    if (term.affiliation.empty()) return Status::Ok();
    return writer_.Write(nullptr, iri, iris_.Of(v::kAffiliation),
                         Iri(v::EntityIri(base_, term.affiliation)));
  }

  Status WriteTerms() {
    for (const auto& [id, term] : terms_) {
      const std::string& iri = term_iris_.at(id);
      if (term.is_predicate) {
        KG_RETURN_IF_ERROR(writer_.Write(nullptr, iri, iris_.rdf_type,
                                         Iri(iris_.Of(v::kRelation))));
        KG_RETURN_IF_ERROR(
            writer_.Write(nullptr, iri, iris_.label, Text(term.key)));
        continue;
      }
      KG_RETURN_IF_ERROR(WriteEntity(iri, term));
    }
    return Status::Ok();
  }

  const ExportInput& input_;
  std::string base_;
  RdfSyntax syntax_;
  Writer writer_;
  Iris iris_;
  std::unordered_map<std::uint64_t, std::string> term_iris_;
  std::map<std::uint64_t, Term> terms_;  // By id, for a stable order.
  std::map<std::string, DocumentState> documents_;
  std::map<std::string, EntityRef> speakers_;  // By key.
};

}  // namespace

std::string_view RdfExporter::name() const {
  switch (syntax_) {
    case RdfSyntax::kNTriples:
      return "nt";
    case RdfSyntax::kNQuads:
      return "nq";
    case RdfSyntax::kTurtle:
      break;
  }
  return "ttl";
}

Status RdfExporter::Export(const ExportInput& input, std::ostream& out) const {
  KG_RETURN_IF_ERROR(rdf::ValidateBase(input.options.base_iri));
  if (input.store == nullptr) {
    return Status::InvalidArgument(std::string(name()) +
                                   " export needs a store");
  }
  RdfExport rdf_export(input, syntax_, out);
  KG_RETURN_IF_ERROR(rdf_export.Run());
  if (!out) {
    return Status::IOError("writing the " + std::string(name()) +
                           " export failed");
  }
  return Status::Ok();
}

}  // namespace kg
