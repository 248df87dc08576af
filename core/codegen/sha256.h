// SHA-256 (FIPS 180-4), for compile-cache keys: a cached binary is looked up by the hash of
// everything it was built from, so the hash must not collide by accident or by design.
#pragma once
#include <string>
#include <string_view>

namespace spikegen {

// The digest of `data` as 64 lower-case hex digits.
std::string sha256Hex(std::string_view data);

} // namespace spikegen
