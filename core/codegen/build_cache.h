// Where generated sources and compiled binaries live (docs/security.md says what is trusted).
// Binaries are cached under the SHA-256 of everything that determines them (source, options,
// compiler or device), so that an unchanged model loads without recompiling. The cache folder
// must be private to the user: a binary in it is loaded and run.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace spikegen {

// $SPIKEGEN_CACHE_DIR, else $XDG_CACHE_HOME/spikegen, else ~/.cache/spikegen; created (mode 0700)
// if missing. Throws unless it is a folder owned by this user that group and others cannot write,
// inside folders that others cannot swap (world-writable ones only with the sticky bit, as /tmp).
std::filesystem::path cacheDirectory();

// $SPIKEGEN_GENERATED_DIR/<network>, else ./spikegen_generated/<network>; created if missing.
// The network name must be a valid name (core/model/safe_names.h), and the folder lies inside
// the base folder.
std::filesystem::path generatedDirectory(const std::string& networkName);

// `folder / fileName`, after checking that fileName is one plain file name (no '/', not "." or
// ".."), so that no name can lead outside `folder`.
std::filesystem::path fileInside(const std::filesystem::path& folder, const std::string& fileName);

enum class FileAccess { Shared, Private }; // Shared: 0666 less the umask; Private: 0600

// Writes `text` to `path` through a new temporary file (created exclusively, never through an
// existing link) and a rename, so that readers never see half a file and concurrent writers of
// the same content do not corrupt it.
void writeFileAtomically(const std::filesystem::path& path, std::string_view text,
                         FileAccess access = FileAccess::Shared);

// One compiled binary in the cache: `<kind>_<first 32 hex digits of the key's SHA-256><extension>`
// beside a record of the key's full SHA-256 and the binary's SHA-256, written after the binary and
// checked against the bytes before they are used.
class CacheEntry {
public:
    // `key`: everything the binary is built from. Opens (and checks) the cache folder.
    CacheEntry(const std::string& kind, std::string_view key, const std::string& extension);
    const std::filesystem::path& binaryPath() const { return binary_; }
    // The binary's bytes, when it is there, private to the user and matches its record.
    std::optional<std::string> read() const;
    // Stores `binary` (private to the user), then its record.
    void write(std::string_view binary) const;

private:
    std::filesystem::path binary_, record_;
    std::string keyHash_;
};

} // namespace spikegen
