// Where generated sources and compiled binaries live. Binaries are cached under a hash of
// everything that determines them (source, options, compiler or device), so that an unchanged
// model loads without recompiling.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace spikegen {

// FNV-1a 64-bit hash as 16 hex digits.
std::string hashHex(std::string_view text);

// $SPIKEGEN_CACHE_DIR, else $XDG_CACHE_HOME/spikegen, else ~/.cache/spikegen; created if missing.
std::filesystem::path cacheDirectory();

// $SPIKEGEN_GENERATED_DIR/<network>, else ./spikegen_generated/<network>; created if missing.
std::filesystem::path generatedDirectory(const std::string& networkName);

// Writes `text` to `path` through a temporary file and a rename, so that readers never see half a
// file and concurrent writers of the same content do not corrupt it.
void writeFileAtomically(const std::filesystem::path& path, std::string_view text);

} // namespace spikegen
