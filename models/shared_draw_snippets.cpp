#include "models/shared_draw_snippets.h"

namespace spikegen::init {

VarInitSnippet SharedUniformSnippet()
{
    VarInitSnippet s;
    s.name = "SharedUniform";
    s.params = {"from", "to"};
    s.code = "value = from + (to - from) * shared_uniform();";
    return s;
}

VarInitSnippet SharedUniformSquaredSnippet()
{
    VarInitSnippet s;
    s.name = "SharedUniformSquared";
    s.params = {"from", "to"};
    s.code = "const scalar r = shared_uniform();\nvalue = from + (to - from) * r * r;";
    return s;
}

VarInit SharedUniform(double from, double to) { return {SharedUniformSnippet(), {{"from", from}, {"to", to}}}; }
VarInit SharedUniformSquared(double from, double to)
{
    return {SharedUniformSquaredSnippet(), {{"from", from}, {"to", to}}};
}

} // namespace spikegen::init
