// Finding and running the system C++ compiler.
#pragma once
#include <filesystem>
#include <string>

namespace spikegen::cpu {

// The compiler to use: `requested` if set, else $CXX, else the first of c++, g++, clang++ on PATH.
// Throws spikegen::Error "no C++ compiler found ..." naming what was tried.
std::string findCompiler(const std::string& requested);

// First line of `compiler --version` (part of the cache key).
std::string compilerVersion(const std::string& compiler);

struct CommandResult {
    int exitCode;
    std::string output; // stdout and stderr
};
CommandResult runCommand(const std::string& command);

std::string shellQuote(const std::string& text);

} // namespace spikegen::cpu
