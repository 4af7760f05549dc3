// Where kg finds its data files (gazetteer, stance lexicon, word lists,
// models/): the folder named by the KG_DATA_DIR environment variable, or
// else the data folder installed beside the running binary, at the path
// CMake computed from the binary's folder to CMAKE_INSTALL_DATADIR/kg
// ("../share/kg" by default). The build tree mirrors that layout with a link
// to the source tree's data/, so a built and an installed kg find their data
// the same way. The CLI's --data-dir overrides both.
//
// Thread-safety: pure functions of the environment and the binary's path.
#ifndef KG_COMMON_DATA_DIR_H_
#define KG_COMMON_DATA_DIR_H_

#include <string>

namespace kg {

// The data folder: $KG_DATA_DIR if set and non-empty, else the installed
// location relative to the running binary. Never empty (the binary's
// location is "." if /proc/self/exe cannot be read).
std::string DefaultDataDir();

// The installed data folder relative to the folder holding `binary_path`
// (a path to the running executable). Exposed for tests.
std::string DataDirBesideBinary(const std::string& binary_path);

}  // namespace kg

#endif  // KG_COMMON_DATA_DIR_H_
