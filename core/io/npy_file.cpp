#include "core/io/npy_file.h"

#include "core/error.h"
#include "core/io/json_text.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace spikegen::io {
namespace {

// The value of `key` in the header's Python dict literal, e.g. 'descr': '<f8' -> <f8.
std::string headerValue(const std::string& header, const std::string& key, const std::filesystem::path& file)
{
    const std::size_t at = header.find("'" + key + "'");
    if (at == std::string::npos)
        throw Error(file.string() + ": not a .npy file: its header has no '" + key + "'");
    std::size_t from = header.find(':', at);
    if (from == std::string::npos)
        throw Error(file.string() + ": not a .npy file: bad header");
    ++from;
    while (from < header.size() && header[from] == ' ')
        ++from;
    if (from < header.size() && (header[from] == '\'' || header[from] == '(')) {
        const char close = header[from] == '\'' ? '\'' : ')';
        const std::size_t end = header.find(close, from + 1);
        if (end == std::string::npos)
            throw Error(file.string() + ": not a .npy file: bad header");
        return header.substr(from + 1, end - from - 1);
    }
    const std::size_t end = header.find_first_of(",}", from);
    return header.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

template <class T>
std::vector<double> widen(const std::string& bytes, std::size_t count)
{
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i) {
        T v;
        std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
        values[i] = double(v);
    }
    return values;
}

} // namespace

std::filesystem::path safeDataFile(const std::filesystem::path& folder, const std::string& name)
{
    namespace fs = std::filesystem;
    const fs::path relative(name);
    const std::string quoted = "'" + name + "'";
    if (name.empty() || relative.is_absolute() || relative.has_root_name() || relative.has_root_directory())
        throw Error("the file " + quoted + " must be a path relative to the model file's folder");
    for (const auto& part : relative)
        if (part == "..")
            throw Error("the file " + quoted + " must not leave the model file's folder ('..')");
    if (relative.extension() != ".npy")
        throw Error("the file " + quoted + " must be a NumPy .npy file (its name ending in .npy)");
    std::error_code ec;
    const fs::path base = fs::canonical(folder, ec);
    if (ec)
        throw Error("the model file's folder '" + folder.string() + "' cannot be resolved: " + ec.message());
    const fs::path file = fs::canonical(base / relative, ec);
    if (ec)
        throw Error("the file " + quoted + " is not in '" + base.string() + "': " + ec.message());
    // A symbolic link inside the folder may point anywhere: what counts is where it leads.
    const auto [baseEnd, fileAt] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
    if (baseEnd != base.end())
        throw Error("the file " + quoted + " leads outside the model file's folder (to '" + file.string() + "')");
    if (!fs::is_regular_file(file, ec))
        throw Error("the file " + quoted + " is not a regular file");
    if (fs::file_size(file, ec) > kMaxModelFileBytes)
        throw Error("the file " + quoted + " is larger than " + std::to_string(kMaxModelFileBytes >> 20) + " MiB");
    return file;
}

std::vector<double> readNpyVector(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + file.string() + "'");
    std::stringstream content;
    content << in.rdbuf();
    const std::string bytes = content.str();
    const std::string where = file.string() + ": ";
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
        throw Error(where + "not a .npy file (no \\x93NUMPY magic)");
    const unsigned major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLength = 0, headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            throw Error(where + "not a .npy file (truncated header)");
        for (int b = 3; b >= 0; --b)
            headerLength = headerLength << 8 | static_cast<unsigned char>(bytes[8 + b]);
        headerStart = 12;
    } else {
        throw Error(where + ".npy format version " + std::to_string(major) + " is not supported (1 to 3 are)");
    }
    if (headerStart + headerLength > bytes.size())
        throw Error(where + "not a .npy file (truncated header)");
    const std::string header = bytes.substr(headerStart, headerLength);
    const std::string descr = headerValue(header, "descr", file);
    if (headerValue(header, "fortran_order", file).find("False") == std::string::npos)
        throw Error(where + "Fortran-ordered arrays are not supported; save a one-dimensional array");
    std::string shape = headerValue(header, "shape", file);
    shape.erase(std::remove(shape.begin(), shape.end(), ' '), shape.end());
    if (!shape.empty() && shape.back() == ',')
        shape.pop_back();
    if (shape.find(',') != std::string::npos)
        throw Error(where + "the array has shape (" + shape + "); a one-dimensional array is expected");
    std::size_t count = 0;
    try {
        std::size_t used = 0;
        count = shape.empty() ? 1 : std::stoull(shape, &used);
        if (used != shape.size())
            throw std::invalid_argument(shape);
    } catch (const std::exception&) {
        throw Error(where + "bad array shape (" + shape + ")");
    }
    static const std::map<std::string, std::size_t> kSizes = {
        {"<f8", 8}, {"<f4", 4}, {"<i8", 8}, {"<i4", 4}, {"<i2", 2}, {"|i1", 1},
        {"<u8", 8}, {"<u4", 4}, {"<u2", 2}, {"|u1", 1}};
    const auto size = kSizes.find(descr);
    if (size == kSizes.end())
        throw Error(where + "element type '" + descr +
                    "' is not supported (little-endian float64, float32 or integers of 1 to 8 bytes are)");
    const std::string data = bytes.substr(headerStart + headerLength);
    if (count > data.size() / size->second)
        throw Error(where + "the file holds fewer values than its header's shape (" + std::to_string(count) + ")");
    if (descr == "<f8") return widen<double>(data, count);
    if (descr == "<f4") return widen<float>(data, count);
    if (descr == "<i8") return widen<std::int64_t>(data, count);
    if (descr == "<i4") return widen<std::int32_t>(data, count);
    if (descr == "<i2") return widen<std::int16_t>(data, count);
    if (descr == "|i1") return widen<std::int8_t>(data, count);
    if (descr == "<u8") return widen<std::uint64_t>(data, count);
    if (descr == "<u4") return widen<std::uint32_t>(data, count);
    if (descr == "<u2") return widen<std::uint16_t>(data, count);
    return widen<std::uint8_t>(data, count);
}

} // namespace spikegen::io
