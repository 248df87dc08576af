// NumPy .npy files (format version 1.0), readable with numpy.load.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace spikegen::tools {

std::string npyBytes(const std::vector<double>& values);
std::string npyBytes(const std::vector<std::uint32_t>& values);

} // namespace spikegen::tools
