#include "core/model/var_init.h"

namespace spikegen {

const VarInitSnippet& constantSnippet()
{
    static const VarInitSnippet snippet = [] {
        VarInitSnippet s;
        s.name = "Constant";
        s.params = {"constant"};
        s.code = "value = constant;";
        return s;
    }();
    return snippet;
}

VarInit::VarInit(double constant) : snippet(constantSnippet()), params{{"constant", constant}} {}

VarInit::VarInit(VarInitSnippet snippet, ParamValues params)
    : snippet(std::move(snippet)), params(std::move(params))
{
}

std::optional<double> VarInit::constant() const
{
    if (snippet.name == "Constant" && snippet.code == constantSnippet().code)
        return params.at("constant");
    return std::nullopt;
}

} // namespace spikegen
