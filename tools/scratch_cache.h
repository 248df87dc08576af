// A fresh, empty compile cache for the lifetime of one benchmark, so that its first build is
// really cold: spikegen's cache ($SPIKEGEN_CACHE_DIR) and PoCL's kernel cache ($POCL_CACHE_DIR)
// point into it. Create it before the backend (PoCL reads its variable when it starts).
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace spikegen::tools {

class ScratchCache {
public:
    ScratchCache();  // under the system's temporary directory
    ~ScratchCache(); // removes it and restores the variables
    ScratchCache(const ScratchCache&) = delete;
    ScratchCache& operator=(const ScratchCache&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::optional<std::string> previousSpikegen_, previousPocl_;
};

} // namespace spikegen::tools
