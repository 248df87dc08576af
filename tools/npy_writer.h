// NumPy .npy files (format version 1.0), readable with numpy.load.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace spikegen::tools {

std::string npyBytes(const std::vector<double>& values);
std::string npyBytes(const std::vector<std::uint32_t>& values);
// A rows x columns array in row-major order (values.size() == rows * columns).
std::string npyBytes(const std::vector<double>& values, std::size_t rows, std::size_t columns);

} // namespace spikegen::tools
