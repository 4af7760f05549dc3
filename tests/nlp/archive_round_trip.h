// A helper shared by the extract tests: a model part written to a cereal
// binary archive and read back, as a model file would store and load it.
#ifndef KG_TESTS_NLP_ARCHIVE_ROUND_TRIP_H_
#define KG_TESTS_NLP_ARCHIVE_ROUND_TRIP_H_

#include <sstream>

#include <cereal/archives/binary.hpp>

namespace kg::testing_util {

// A copy of `value` made through an archive. Like a loaded model file, a
// copy with lookup tables needs T::BuildLookup() before use.
template <class T>
T ArchiveRoundTrip(const T& value) {
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(value);
  }
  T loaded;
  {
    cereal::BinaryInputArchive in(bytes);
    in(loaded);
  }
  return loaded;
}

}  // namespace kg::testing_util

#endif  // KG_TESTS_NLP_ARCHIVE_ROUND_TRIP_H_
