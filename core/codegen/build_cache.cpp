#include "core/codegen/build_cache.h"

#include "core/error.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

namespace spikegen {
namespace fs = std::filesystem;

std::string hashHex(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

static fs::path ensureDirectory(const fs::path& dir, const char* what)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(std::string("cannot create the ") + what + " directory '" + dir.string() + "': " + ec.message());
    return dir;
}

fs::path cacheDirectory()
{
    if (const char* dir = std::getenv("SPIKEGEN_CACHE_DIR"); dir && *dir)
        return ensureDirectory(dir, "compile cache");
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return ensureDirectory(fs::path(xdg) / "spikegen", "compile cache");
    if (const char* home = std::getenv("HOME"); home && *home)
        return ensureDirectory(fs::path(home) / ".cache" / "spikegen", "compile cache");
    return ensureDirectory(fs::temp_directory_path() / "spikegen-cache", "compile cache");
}

fs::path generatedDirectory(const std::string& networkName)
{
    const char* dir = std::getenv("SPIKEGEN_GENERATED_DIR");
    const fs::path base = dir && *dir ? fs::path(dir) : fs::current_path() / "spikegen_generated";
    return ensureDirectory(base / networkName, "generated code");
}

void writeFileAtomically(const fs::path& path, std::string_view text)
{
    std::random_device random;
    const fs::path temporary = path.string() + ".tmp" + std::to_string(random());
    {
        std::ofstream out(temporary, std::ios::binary);
        out.write(text.data(), std::streamsize(text.size()));
        if (!out)
            throw Error("cannot write '" + temporary.string() + "'");
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error("cannot write '" + path.string() + "': " + ec.message());
    }
}

} // namespace spikegen
