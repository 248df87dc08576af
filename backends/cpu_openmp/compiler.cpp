#include "backends/cpu_openmp/compiler.h"

#include "core/error.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace spikegen::cpu {
namespace fs = std::filesystem;

std::string shellQuote(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

CommandResult runCommand(const std::string& command)
{
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        throw Error("cannot run '" + command + "'");
    std::string output;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

static bool executable(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

static std::string onPath(const std::string& name)
{
    if (name.find('/') != std::string::npos)
        return executable(name) ? name : "";
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && executable(fs::path(dir) / name))
            return (fs::path(dir) / name).string();
    return "";
}

std::string findCompiler(const std::string& requested)
{
    std::vector<std::string> tried;
    if (!requested.empty()) {
        if (auto found = onPath(requested); !found.empty())
            return found;
        throw Error("no C++ compiler found: the requested compiler '" + requested +
                    "' does not exist or is not executable");
    }
    if (const char* cxx = std::getenv("CXX"); cxx && *cxx) {
        if (auto found = onPath(cxx); !found.empty())
            return found;
        tried.push_back(std::string("$CXX=") + cxx);
    }
    for (const char* name : {"c++", "g++", "clang++"}) {
        if (auto found = onPath(name); !found.empty())
            return found;
        tried.push_back(name);
    }
    std::string list;
    for (const auto& t : tried)
        list += (list.empty() ? "" : ", ") + t;
    throw Error("no C++ compiler found (tried " + list +
                " on PATH); the CPU backend compiles generated code at run time: install g++ or set CXX");
}

std::string compilerVersion(const std::string& compiler)
{
    const CommandResult result = runCommand(shellQuote(compiler) + " --version");
    const std::string first = result.output.substr(0, result.output.find('\n'));
    return first.empty() ? compiler : first;
}

} // namespace spikegen::cpu
