// The git revision spikegen was built from, written into benchmark records. The definition is
// generated at build time by cmake/GitRevision.cmake: "abc1234", "abc1234-dirty" (uncommitted
// changes to tracked files) or "unknown" (no git, or not a git checkout).
#pragma once

namespace spikegen::tools {

const char* gitRevision();

} // namespace spikegen::tools
