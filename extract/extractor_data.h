// The data files every extractor reads: the gazetteer (plus --gazetteer
// extras) and the stance lexicon, loaded once, with a fingerprint of their
// contents that goes into the extractor's version string.
//
// Thread-safety: LoadExtractorData keeps no state; the result is a value.
#ifndef KG_EXTRACT_EXTRACTOR_DATA_H_
#define KG_EXTRACT_EXTRACTOR_DATA_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "extract/extractor.h"
#include "lexicon/gazetteer.h"
#include "lexicon/stance_lexicon.h"

namespace kg {

struct ExtractorData {
  Gazetteer gazetteer;
  StanceLexicon lexicon;
  // 16 hex digits of FNV-1a over every data file's bytes, in load order.
  std::string fingerprint;
};

// Loads data_dir/gazetteer.tsv, the extra gazetteers and
// data_dir/stance_lexicon.tsv.
Result<ExtractorData> LoadExtractorData(const ExtractorOptions& options);

// FNV-1a 64 of `data` continuing from `seed`, as 16 hex digits.
std::string HashHex(std::string_view data,
                    std::uint64_t seed = 0xcbf29ce484222325ULL);

}  // namespace kg

#endif  // KG_EXTRACT_EXTRACTOR_DATA_H_
