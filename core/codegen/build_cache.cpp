#include "core/codegen/build_cache.h"

#include "core/codegen/sha256.h"
#include "core/error.h"
#include "core/model/safe_names.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace spikegen {
namespace fs = std::filesystem;
namespace {

std::string octal(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
    return text;
}

// The compile cache holds code that is loaded and run: refuse a folder that someone else could
// write to, or whose parent someone else could swap for another folder.
void checkPrivateFolder(const fs::path& dir)
{
    struct stat info {};
    if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        throw Error("the compile cache '" + dir.string() + "' is not a folder");
    const std::string advice = "; spikegen loads compiled code from it, so it must be private to you. Use a folder of "
                               "your own (SPIKEGEN_CACHE_DIR, or the default ~/.cache/spikegen) or run chmod go-w on it";
    if (info.st_uid != geteuid())
        throw Error("the compile cache '" + dir.string() + "' belongs to user id " + std::to_string(info.st_uid) +
                    ", not to you (" + std::to_string(geteuid()) + ")" + advice);
    if (info.st_mode & (S_IWGRP | S_IWOTH))
        throw Error("the compile cache '" + dir.string() + "' is writable by group or others (mode " +
                    octal(info.st_mode) + ")" + advice);
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    for (fs::path parent = real.parent_path(); !ec && !parent.empty(); parent = parent.parent_path()) {
        if (stat(parent.c_str(), &info) == 0 && (info.st_mode & S_IWOTH) && !(info.st_mode & S_ISVTX))
            throw Error("the compile cache '" + dir.string() + "' lies in '" + parent.string() +
                        "', which anyone may write to (mode " + octal(info.st_mode) +
                        ") without the sticky bit, so others could replace the cache" + advice);
        if (parent == parent.root_path())
            break;
    }
}

fs::path ensureDirectory(const fs::path& dir, const char* what)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(std::string("cannot create the ") + what + " directory '" + dir.string() + "': " + ec.message());
    return dir;
}

// A file that this user owns and that group and others cannot write (a cache entry to trust).
bool privateFile(const fs::path& path)
{
    struct stat info {};
    return lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == geteuid() &&
           !(info.st_mode & (S_IWGRP | S_IWOTH));
}

std::optional<std::string> readWhole(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

fs::path cacheDirectory()
{
    fs::path dir;
    if (const char* env = std::getenv("SPIKEGEN_CACHE_DIR"); env && *env)
        dir = env;
    else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        dir = fs::path(xdg) / "spikegen";
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = fs::path(home) / ".cache" / "spikegen";
    else
        dir = fs::temp_directory_path() / ("spikegen-cache-" + std::to_string(geteuid()));
    const bool existed = fs::exists(dir);
    ensureDirectory(dir, "compile cache");
    if (!existed)
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    checkPrivateFolder(dir);
    return dir;
}

fs::path generatedDirectory(const std::string& networkName)
{
    checkName("network name", networkName);
    const char* env = std::getenv("SPIKEGEN_GENERATED_DIR");
    const fs::path base = env && *env ? fs::path(env) : fs::current_path() / "spikegen_generated";
    const fs::path dir = fileInside(base, networkName);
    ensureDirectory(dir, "generated code");
    // The name is checked; this guards against a link planted inside the base folder.
    const fs::path relative = fs::canonical(dir).lexically_relative(fs::canonical(base));
    if (relative.empty() || *relative.begin() == "..")
        throw Error("the generated-code folder '" + dir.string() + "' leads outside '" + base.string() + "'");
    return dir;
}

fs::path fileInside(const fs::path& folder, const std::string& fileName)
{
    if (fileName.empty() || fileName == "." || fileName == ".." || fileName.find('/') != std::string::npos ||
        fileName.find('\0') != std::string::npos)
        throw Error("refusing the file name " + printable(fileName) + " inside '" + folder.string() +
                    "': it is not one plain file name");
    return folder / fileName;
}

void writeFileAtomically(const fs::path& path, std::string_view text, FileAccess access)
{
    std::random_device random;
    const fs::path temporary = path.string() + ".tmp" + std::to_string(random()) + std::to_string(random());
    // Every failure (a full disk, a file size limit, no permission) names the file the caller
    // asked for and leaves neither it nor the temporary half-written.
    auto fail = [&](const std::string& reason) {
        ::unlink(temporary.c_str());
        return Error("writing '" + path.string() + "': " + reason + "; nothing was written under that name");
    };
    // O_EXCL | O_NOFOLLOW: never write through a file or link someone placed there.
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        access == FileAccess::Private ? 0600 : 0666);
    if (fd < 0)
        throw Error("writing '" + path.string() + "': cannot create '" + temporary.string() + "': " +
                    std::strerror(errno));
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string reason = n < 0 ? std::strerror(errno) : "the write made no progress";
            close(fd);
            throw fail(reason);
        }
        written += std::size_t(n);
    }
    // Some file systems (NFS, quotas) report a full disk only when the file is closed.
    if (close(fd) != 0)
        throw fail(std::strerror(errno));
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec)
        throw fail("cannot rename '" + temporary.string() + "' into place: " + ec.message());
}

CacheEntry::CacheEntry(const std::string& kind, std::string_view key, const std::string& extension)
    : keyHash_(sha256Hex(key))
{
    const fs::path dir = cacheDirectory();
    const std::string stem = kind + "_" + keyHash_.substr(0, 32);
    binary_ = dir / (stem + extension);
    record_ = dir / (stem + ".sha256");
}

std::optional<std::string> CacheEntry::read() const
{
    if (!privateFile(binary_) || !privateFile(record_))
        return std::nullopt;
    const auto recorded = readWhole(record_);
    auto binary = readWhole(binary_);
    if (!recorded || !binary || binary->empty() || *recorded != keyHash_ + "\n" + sha256Hex(*binary) + "\n")
        return std::nullopt;
    return binary;
}

void CacheEntry::write(std::string_view binary) const
{
    writeFileAtomically(binary_, binary, FileAccess::Private);
    writeFileAtomically(record_, keyHash_ + "\n" + sha256Hex(binary) + "\n", FileAccess::Private);
}

} // namespace spikegen
