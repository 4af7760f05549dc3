#include "export/exporter.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace kg {
namespace {

TEST(ExporterTest, NamesAreSortedAndCreatable) {
  const std::vector<std::string> names = Exporter::Names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* expected : {"dot", "jsonl", "pdf", "png", "svg"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
  }
  for (const std::string& name : names) {
    auto exporter = Exporter::Create(name);
    ASSERT_TRUE(exporter.ok()) << name;
    EXPECT_EQ((*exporter)->name(), name);
    EXPECT_EQ((*exporter)->binary(), name == "png" || name == "pdf") << name;
  }
}

TEST(ExporterTest, UnknownFormatListsTheKnownOnes) {
  auto exporter = Exporter::Create("bmpx");
  ASSERT_FALSE(exporter.ok());
  EXPECT_TRUE(exporter.status().IsNotFound());
  const std::string& message = exporter.status().message();
  EXPECT_NE(message.find("bmpx"), std::string::npos);
  for (const std::string& name : Exporter::Names()) {
    EXPECT_NE(message.find(name), std::string::npos) << name;
  }
  EXPECT_TRUE(Exporter::Create("").status().IsNotFound());
  EXPECT_TRUE(Exporter::Create("SVG ").status().IsNotFound());
}

}  // namespace
}  // namespace kg
