// libFuzzer target for the code-string language: compiles arbitrary text against a small scope
// and prints the result for every dialect. A CodeError is the expected answer to bad input; any
// other exception, a crash, a leak or undefined behaviour is a bug.
#include "core/lang/code.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace spikegen::lang;

namespace {

const Scope& fuzzScope()
{
    static const Scope scope = [] {
        Scope s;
        s.add(Variable{"V", Type::Float, true, "l_V"});
        s.add(Variable{"I", Type::Double, true, "l_I"});
        s.add(Variable{"count", Type::Unsigned, true, "d_count[id]"});
        s.add(Variable{"spike", Type::Bool, true, "l_spike"});
        s.add(Variable{"n", Type::Int, true, "l_n"});
        s.add(Variable{"t", Type::Float, false, "t"});
        s.add(Variable{"dt", Type::Float, false, "DT"});
        s.add(Variable{"id", Type::Unsigned, false, "id"});
        s.add(Variable{"tau", Type::Float, false, "(p_tau * 2.0f)"});
        s.add(Function{"uniform", {}, Type::Float, [](const auto&) { return "sg_uniform(&rng)"; }});
        s.add(Function{"addToPost", {Type::Float}, std::nullopt,
                       [](const auto& a) { return "atomicAdd(&post, " + a.at(0) + ")"; }});
        s.add(Function{"addToPostDelay", {Type::Float, Type::Unsigned}, std::nullopt,
                       [](const auto& a) { return "delay(" + a.at(0) + ", " + a.at(1) + ")"; }});
        s.add(Function{"poisson", {Type::Double}, Type::Unsigned,
                       [](const auto& a) { return "sg_poisson(&rng, " + a.at(0) + ") + 0u"; }});
        return s;
    }();
    return scope;
}

void printAll(const Code& code)
{
    for (Dialect dialect : {Dialect::Cpp, Dialect::Cuda, Dialect::OpenCL}) {
        const std::string text = code.printText(dialect, 2);
        if (!code.empty() && text.empty() && !code.isExpression()) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    // The first byte picks the entry point and the scalar type; the rest is the code string.
    const std::uint8_t mode = data[0];
    const std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
    Options options;
    options.scalar = (mode & 1) ? Type::Double : Type::Float;
    const SourceRef where{"fuzz", "code"};
    try {
        if (mode & 2)
            printAll(compileExpression(source, fuzzScope(), where, Type(mode / 4 % 5), options));
        else
            printAll(compileStatements(source, fuzzScope(), where, options));
    } catch (const CodeError& error) {
        // Expected for bad input; its position must lie inside (or just after) the source.
        if (error.line() < 1 || error.column() < 1) std::abort();
    }
    return 0;
}
