// NumPy .npy files (format version 1.0), readable with numpy.load.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace spikegen::tools {

std::string npyBytes(const std::vector<double>& values);
std::string npyBytes(const std::vector<std::uint32_t>& values);
// A rows x columns array in row-major order (values.size() == rows * columns).
std::string npyBytes(const std::vector<double>& values, std::size_t rows, std::size_t columns);
// FOLDER/GROUP_spike_times_ms.npy and FOLDER/GROUP_spike_ids.npy, each written atomically: the
// spike files of `spikegen run` and of the instances a sweep keeps.
void writeSpikeFiles(const std::filesystem::path& folder, const std::string& group, const std::vector<double>& timesMs,
                     const std::vector<std::uint32_t>& ids);

} // namespace spikegen::tools
