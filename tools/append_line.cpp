#include "tools/append_line.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spikegen::tools {

void appendLine(const std::filesystem::path& file, const std::string& line)
{
    const bool existed = std::filesystem::exists(file);
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error("cannot open '" + file.string() + "' for appending: " + std::strerror(errno));
    struct stat before {};
    ::fstat(fd, &before);
    const std::string text = line + "\n";
    // O_APPEND makes one write() land after whatever other writers appended meanwhile.
    const ssize_t written = ::write(fd, text.data(), text.size());
    const int writeError = errno;
    const bool complete = written == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    if (!complete) {
        if (existed)
            (void)!::ftruncate(fd, before.st_size);
        else
            ::unlink(file.c_str());
    }
    ::close(fd);
    if (!complete)
        throw Error("cannot write to '" + file.string() + "': " +
                    (written < 0 ? std::strerror(writeError) : "the write was cut short"));
}

} // namespace spikegen::tools
