#include "tools/scratch_cache.h"

#include "core/error.h"

#include <cstdlib>

namespace spikegen::tools {

namespace {

std::optional<std::string> readVariable(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
}

void restoreVariable(const char* name, const std::optional<std::string>& value)
{
    if (value)
        setenv(name, value->c_str(), 1);
    else
        unsetenv(name);
}

} // namespace

ScratchCache::ScratchCache()
    : previousSpikegen_(readVariable("SPIKEGEN_CACHE_DIR")), previousPocl_(readVariable("POCL_CACHE_DIR"))
{
    std::string pattern = (std::filesystem::temp_directory_path() / "spikegen_bench_cache_XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw Error("cannot create a scratch compile cache in '" + std::filesystem::temp_directory_path().string() + "'");
    path_ = pattern;
    setenv("SPIKEGEN_CACHE_DIR", (path_ / "spikegen").c_str(), 1);
    setenv("POCL_CACHE_DIR", (path_ / "pocl").c_str(), 1);
}

ScratchCache::~ScratchCache()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    restoreVariable("SPIKEGEN_CACHE_DIR", previousSpikegen_);
    restoreVariable("POCL_CACHE_DIR", previousPocl_);
}

} // namespace spikegen::tools
