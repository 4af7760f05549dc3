// The binary model file of kg's UD pipeline (data/models/en.kgm):
//
//   8 bytes  magic "KGUDMODL"
//   4 bytes  format version, little-endian (kModelFormatVersion)
//   8 bytes  payload size, little-endian
//   8 bytes  FNV-1a 64 checksum of the payload, little-endian
//   payload  cereal portable-binary archive of UdModel
//
// A file whose version is newer or older than this build's is refused with
// NotSupported; a wrong magic, a short file or a checksum mismatch with
// Corruption.
//
// Thread-safety: pure functions; a loaded UdModel is immutable.
#ifndef KG_NLP_MODEL_FILE_H_
#define KG_NLP_MODEL_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/env.h"
#include "common/result.h"
#include "common/status.h"
#include "nlp/dep_parser.h"
#include "nlp/lemmatizer.h"
#include "nlp/tagger.h"
#include "nlp/tokenizer.h"

namespace kg {

inline constexpr std::string_view kModelMagic = "KGUDMODL";
// Version 2 added the tagger's second (right-context) pass, version 3 the
// tagger's ambiguity classes, version 4 the parser's relabeler, version 5
// the multiply-add feature hash (ud_features.h) and averaged parser
// ensembles, version 6 word classes (word_clusters.h) in the tagger and
// the parser, version 7 the parser's templates of the tagger's doubt (its
// runner-up tags: tagger.h's Tagging).
inline constexpr std::uint32_t kModelFormatVersion = 7;

struct UdModel {
  std::string description;  // Training data and command, for `kg parse -v`.
  TokenizerOptions tokenizer;
  Tagger tagger;
  Lemmatizer lemmatizer;
  DepParser parser;
};

// The bytes of a model file holding `model`.
Result<std::string> SerializeModel(const UdModel& model);
// Parses the bytes of a model file.
Result<UdModel> DeserializeModel(std::string_view bytes);

Status SaveModel(const UdModel& model, const std::string& path,
                 Env* env = Env::Default());
Result<UdModel> LoadModel(const std::string& path, Env* env = Env::Default());

// The model file in data folder `data_dir`: data_dir/models/en.kgm.
std::string ModelPathIn(const std::string& data_dir);
// The shipped model: ModelPathIn(DefaultDataDir()) (common/data_dir.h).
std::string DefaultModelPath();

}  // namespace kg

#endif  // KG_NLP_MODEL_FILE_H_
