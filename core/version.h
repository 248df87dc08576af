// spikegen's version: the one place it is written (CMakeLists.txt reads it from here).
#pragma once

namespace spikegen {
inline constexpr const char* kVersion = "0.1.0";
}
