#include "export/rdf_vocabulary.h"

#include "export/export_text.h"

namespace kg::rdf {
namespace {

std::optional<std::string> Decoded(std::string_view base, std::string_view path,
                                   std::string_view iri) {
  if (iri.substr(0, base.size()) != base) return std::nullopt;
  iri.remove_prefix(base.size());
  if (iri.substr(0, path.size()) != path) return std::nullopt;
  iri.remove_prefix(path.size());
  // A '/' is always encoded in a segment, so one here is a deeper path.
  if (iri.empty() || iri.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return DecodeIriSegment(iri);
}

}  // namespace

std::string Vocab(std::string_view local_name) {
  return std::string(kVocab) + std::string(local_name);
}

Status ValidateBase(std::string_view base) {
  const std::size_t colon = base.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument("--base must be an absolute IRI, got '" +
                                   std::string(base) + "'");
  }
  for (char ch : base) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f ||
        std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
      return Status::InvalidArgument("--base holds a character IRIs forbid: '" +
                                     std::string(base) + "'");
    }
  }
  if (base.back() != '/' && base.back() != '#') {
    return Status::InvalidArgument("--base must end in '/' or '#', got '" +
                                   std::string(base) + "'");
  }
  return Status::Ok();
}

std::string EntityIri(std::string_view base, std::string_view key) {
  return std::string(base) + std::string(kEntityPath) + IriSegment(key);
}

std::string RelationIri(std::string_view base, std::string_view lemma) {
  return std::string(base) + std::string(kRelationPath) + IriSegment(lemma);
}

std::string DocumentIri(std::string_view base, std::string_view doc_id) {
  return std::string(base) + std::string(kDocumentPath) + IriSegment(doc_id);
}

std::optional<std::string> EntityKeyOf(std::string_view base,
                                       std::string_view iri) {
  return Decoded(base, kEntityPath, iri);
}

std::optional<std::string> RelationLemmaOf(std::string_view base,
                                           std::string_view iri) {
  return Decoded(base, kRelationPath, iri);
}

std::optional<std::string> DocumentIdOf(std::string_view base,
                                        std::string_view iri) {
  return Decoded(base, kDocumentPath, iri);
}

}  // namespace kg::rdf
