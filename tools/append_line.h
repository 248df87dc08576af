// Appending one record to a JSON Lines file so that readers never see half a record.
#pragma once
#include <filesystem>
#include <string>

namespace spikegen::tools {

// Appends `line` and a newline to `file` (created if missing) in one write. If the write fails or
// is cut short, the file is truncated back to its former length (removed if this call created
// it) and spikegen::Error is thrown.
void appendLine(const std::filesystem::path& file, const std::string& line);

} // namespace spikegen::tools
