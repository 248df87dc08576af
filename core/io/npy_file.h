// Reading numbers from NumPy .npy files named in model files, and the rule for where such a file
// may be (docs/security.md): a model file must not make spikegen read files outside its folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace spikegen::io {

// `name` resolved against `folder`: a relative path ending in ".npy", with no ".." part, naming a
// regular file of at most 64 MiB that lies inside `folder` once symbolic links are resolved.
// Throws spikegen::Error saying which rule `name` breaks.
std::filesystem::path safeDataFile(const std::filesystem::path& folder, const std::string& name);

// The values of a one-dimensional .npy array (format 1.0 to 3.0, little-endian or byte-sized
// float64, float32, int8 to int64, uint8 to uint64, C order), as doubles. Throws spikegen::Error
// naming the file and what is wrong with it.
std::vector<double> readNpyVector(const std::filesystem::path& file);

} // namespace spikegen::io
