#include "nlp/model_file.h"

#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/env.h"
#include "nlp/train/trainer.h"

namespace kg {
namespace {

std::string TinyModelBytes() {
  TrainOptions options;
  options.train_files = {std::string(KG_SOURCE_DIR) +
                         "/tests/data/ud/tiny.conllu"};
  options.jackknife_folds = 1;
  options.tagger.epochs = 3;
  options.parser.epochs = 3;
  Result<UdModel> model = TrainUdModel(options);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  Result<std::string> bytes = SerializeModel(*model);
  EXPECT_TRUE(bytes.ok());
  return *bytes;
}

TEST(ModelFileTest, RoundTripsThroughBytes) {
  const std::string bytes = TinyModelBytes();
  EXPECT_EQ(bytes.substr(0, 8), "KGUDMODL");
  Result<UdModel> model = DeserializeModel(bytes);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<std::string> again = SerializeModel(*model);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == bytes);
}

// The payload is decoded in place from the given bytes, which need not be
// a whole buffer: bytes around the view must not be read.
TEST(ModelFileTest, DecodesFromAViewIntoALargerBuffer) {
  const std::string bytes = TinyModelBytes();
  const std::string buffer = "junk" + bytes + "more junk";
  Result<UdModel> model =
      DeserializeModel(std::string_view(buffer).substr(4, bytes.size()));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<std::string> again = SerializeModel(*model);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == bytes);
}

TEST(ModelFileTest, TruncatedFileIsCorruption) {
  const std::string bytes = TinyModelBytes();
  for (std::size_t size :
       {std::size_t{4}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    Result<UdModel> model = DeserializeModel(bytes.substr(0, size));
    ASSERT_FALSE(model.ok()) << size;
    EXPECT_TRUE(model.status().IsCorruption()) << model.status().ToString();
  }
}

TEST(ModelFileTest, WrongMagicIsCorruption) {
  std::string bytes = TinyModelBytes();
  bytes[0] = 'X';
  Result<UdModel> model = DeserializeModel(bytes);
  ASSERT_FALSE(model.ok());
  EXPECT_TRUE(model.status().IsCorruption());
  EXPECT_NE(model.status().message().find("magic"), std::string::npos);
  EXPECT_TRUE(DeserializeModel("").status().IsCorruption());
}

TEST(ModelFileTest, NewerVersionIsNotSupported) {
  std::string bytes = TinyModelBytes();
  bytes[8] = static_cast<char>(kModelFormatVersion + 1);
  Result<UdModel> model = DeserializeModel(bytes);
  ASSERT_FALSE(model.ok());
  EXPECT_TRUE(model.status().IsNotSupported());
  EXPECT_NE(model.status().message().find("newer"), std::string::npos);
}

TEST(ModelFileTest, OlderVersionIsNotSupported) {
  std::string bytes = TinyModelBytes();
  bytes[8] = static_cast<char>(kModelFormatVersion - 1);
  Result<UdModel> model = DeserializeModel(bytes);
  ASSERT_FALSE(model.ok());
  EXPECT_TRUE(model.status().IsNotSupported());
  EXPECT_NE(model.status().message().find("retrain"), std::string::npos);
}

TEST(ModelFileTest, FlippedPayloadByteFailsTheChecksum) {
  std::string bytes = TinyModelBytes();
  bytes[bytes.size() - 3] ^= 0x55;
  EXPECT_TRUE(DeserializeModel(bytes).status().IsCorruption());
}

TEST(ModelFileTest, SavesAndLoadsThroughTheFileSystem) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "kg_model_file_test.kgm")
          .string();
  Result<UdModel> model = DeserializeModel(TinyModelBytes());
  ASSERT_TRUE(model.ok());
  ASSERT_TRUE(SaveModel(*model, path).ok());
  EXPECT_TRUE(LoadModel(path).ok());
  std::filesystem::remove(path);
  EXPECT_TRUE(LoadModel(path).status().IsNotFound());
}

TEST(ModelFileTest, ShippedModelLoadsInUnderASecond) {
  const std::string path = DefaultModelPath();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  EXPECT_LE(std::filesystem::file_size(path), 25u * 1000 * 1000);
  // CPU time, so that a busy machine does not fail the test.
  const std::clock_t start = std::clock();
  Result<UdModel> model = LoadModel(path);
  const double seconds =
      static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  ASSERT_TRUE(model.ok()) << model.status().ToString();
#ifdef __SANITIZE_ADDRESS__
  const double limit = 10.0;  // AddressSanitizer slows allocation down.
#else
  const double limit = 1.0;
#endif
  EXPECT_LT(seconds, limit);
}

// Loading repacks the weights for fast scoring; saving must still write
// the file's own bytes back.
TEST(ModelFileTest, ShippedModelRoundTripsByteForByte) {
  const std::string path = DefaultModelPath();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  Result<std::string> bytes = Env::Default()->ReadFile(path, 1u << 30);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<UdModel> model = DeserializeModel(*bytes);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<std::string> again = SerializeModel(*model);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes);
}

}  // namespace
}  // namespace kg
