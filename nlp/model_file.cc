#include "nlp/model_file.h"

#include <exception>
#include <istream>
#include <sstream>
#include <streambuf>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>

#include "common/data_dir.h"
#include "nlp/ml/features.h"

namespace kg {

template <class Archive>
void serialize(Archive& ar, TokenizerOptions& options) {
  ar(options.max_sentence_words, options.extra_abbreviations);
}

template <class Archive>
void serialize(Archive& ar, UdModel& model) {
  ar(model.description, model.tokenizer, model.tagger, model.lemmatizer,
     model.parser);
}

namespace {

constexpr std::size_t kHeaderSize = 8 + 4 + 8 + 8;

// Reads a byte range in place, so that loading does not copy the payload
// (23 MB for the shipped model) before decoding it.
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // Only ever read.
    setg(begin, begin, begin + bytes.size());
  }
};
constexpr std::size_t kMaxModelBytes = std::size_t{1} << 30;

void PutLittleEndian(std::uint64_t value, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) {
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

std::uint64_t GetLittleEndian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

// Checks the header and decodes the payload of a model file, leaving the
// perceptrons' lookup tables unbuilt (see Finish).
Result<UdModel> Decode(std::string_view bytes) {
  if (bytes.size() < kModelMagic.size() ||
      bytes.substr(0, kModelMagic.size()) != kModelMagic) {
    return Status::Corruption("not a kg UD model file (bad magic bytes)");
  }
  if (bytes.size() < kHeaderSize) {
    return Status::Corruption("model file truncated in its header");
  }
  const std::uint64_t version = GetLittleEndian(bytes.substr(8, 4));
  if (version > kModelFormatVersion) {
    return Status::NotSupported(
        "model format version " + std::to_string(version) +
        " is newer than this kg supports (" +
        std::to_string(kModelFormatVersion) + "); upgrade kg");
  }
  if (version == 0) {
    return Status::Corruption("model format version 0 is invalid");
  }
  if (version < kModelFormatVersion) {
    return Status::NotSupported(
        "model format version " + std::to_string(version) +
        " is older than this kg reads (" + std::to_string(kModelFormatVersion) +
        "); retrain it with kg train");
  }
  const std::uint64_t size = GetLittleEndian(bytes.substr(12, 8));
  const std::uint64_t checksum = GetLittleEndian(bytes.substr(20, 8));
  const std::string_view body = bytes.substr(kHeaderSize);
  if (body.size() != size) {
    return Status::Corruption("model file truncated or padded: payload is " +
                              std::to_string(body.size()) +
                              " bytes, header "
                              "says " +
                              std::to_string(size));
  }
  if (nlp::HashString(body) != checksum) {
    return Status::Corruption("model file checksum mismatch");
  }
  UdModel model;
  try {
    ViewBuffer buffer(body);
    std::istream payload(&buffer);
    cereal::PortableBinaryInputArchive archive(payload);
    archive(model);
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("model payload unreadable: ") +
                              e.what());
  }
  return model;
}

// Builds the lookup tables of a decoded model and checks it.
Result<UdModel> Finish(UdModel model) {
  model.tagger.BuildLookup();
  model.parser.BuildLookup();
  if (!model.tagger.Valid() || !model.parser.Valid()) {
    return Status::Corruption("model payload inconsistent");
  }
  return model;
}

}  // namespace

Result<std::string> SerializeModel(const UdModel& model) {
  std::ostringstream payload;
  try {
    cereal::PortableBinaryOutputArchive archive(payload);
    archive(model);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("cannot serialise model: ") +
                                   e.what());
  }
  const std::string body = payload.str();
  std::string out(kModelMagic);
  PutLittleEndian(kModelFormatVersion, 4, &out);
  PutLittleEndian(body.size(), 8, &out);
  PutLittleEndian(nlp::HashString(body), 8, &out);
  out += body;
  return out;
}

Result<UdModel> DeserializeModel(std::string_view bytes) {
  KG_ASSIGN_OR_RETURN(UdModel model, Decode(bytes));
  return Finish(std::move(model));
}

Status SaveModel(const UdModel& model, const std::string& path, Env* env) {
  KG_ASSIGN_OR_RETURN(std::string bytes, SerializeModel(model));
  return env->WriteFileAtomic(path, bytes);
}

Result<UdModel> LoadModel(const std::string& path, Env* env) {
  Result<std::string> bytes = env->ReadFile(path, kMaxModelBytes);
  if (!bytes.ok()) return bytes.status();
  Result<UdModel> model = Decode(*bytes);
  // The file's bytes are released before the lookup tables are built, so
  // that both are never resident at once (the peak memory of loading).
  std::string().swap(*bytes);
  if (model.ok()) model = Finish(std::move(model).value());
  if (!model.ok()) return model.status().WithContext(path);
  return model;
}

std::string ModelPathIn(const std::string& data_dir) {
  return data_dir + "/models/en.kgm";
}

std::string DefaultModelPath() { return ModelPathIn(DefaultDataDir()); }

}  // namespace kg
