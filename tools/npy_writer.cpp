#include "tools/npy_writer.h"

#include "core/codegen/build_cache.h"

#include <cstring>

namespace spikegen::tools {
namespace {

std::string npy(const char* descr, const void* data, std::size_t count, std::size_t itemBytes,
                const std::string& shape)
{
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
    // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64,
    // ending in a newline.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(header.size() & 0xff);
    out += char(header.size() >> 8);
    out += header;
    out.append(static_cast<const char*>(data), count * itemBytes);
    return out;
}

} // namespace

std::string npyBytes(const std::vector<double>& values)
{
    return npy("<f8", values.data(), values.size(), 8, std::to_string(values.size()) + ",");
}
std::string npyBytes(const std::vector<std::uint32_t>& values)
{
    return npy("<u4", values.data(), values.size(), 4, std::to_string(values.size()) + ",");
}
std::string npyBytes(const std::vector<double>& values, std::size_t rows, std::size_t columns)
{
    return npy("<f8", values.data(), rows * columns, 8, std::to_string(rows) + ", " + std::to_string(columns));
}

void writeSpikeFiles(const std::filesystem::path& folder, const std::string& group, const std::vector<double>& timesMs,
                     const std::vector<std::uint32_t>& ids)
{
    writeFileAtomically(fileInside(folder, group + "_spike_times_ms.npy"), npyBytes(timesMs));
    writeFileAtomically(fileInside(folder, group + "_spike_ids.npy"), npyBytes(ids));
}

} // namespace spikegen::tools
