#include "extract/extractor_data.h"

#include <cstdio>
#include <utility>
#include <vector>

namespace kg {

std::string HashHex(std::string_view data, std::uint64_t seed) {
  std::uint64_t hash = seed;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(hash));
  return buf;
}

Result<ExtractorData> LoadExtractorData(const ExtractorOptions& options) {
  Env* env = Env::Default();
  std::string gazetteer_path = options.data_dir + "/gazetteer.tsv";
  std::string lexicon_path = options.data_dir + "/stance_lexicon.tsv";
  KG_ASSIGN_OR_RETURN(Gazetteer gazetteer,
                      Gazetteer::Load(gazetteer_path, env));
  for (const std::string& extra : options.extra_gazetteers) {
    KG_RETURN_IF_ERROR(gazetteer.LoadMore(extra, env));
  }
  KG_ASSIGN_OR_RETURN(StanceLexicon lexicon,
                      StanceLexicon::Load(lexicon_path, env));
  std::vector<std::string> paths{gazetteer_path, lexicon_path};
  paths.insert(paths.end(), options.extra_gazetteers.begin(),
               options.extra_gazetteers.end());
  std::string all;
  for (const std::string& path : paths) {
    KG_ASSIGN_OR_RETURN(std::string data, env->ReadFile(path, 64 << 20));
    all += data;
  }
  return ExtractorData{std::move(gazetteer), std::move(lexicon), HashHex(all)};
}

}  // namespace kg
