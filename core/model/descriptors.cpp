// The expression forms of derived parameters and row-length bounds: both become ordinary C++
// functions that evaluate the expression, so the code generator needs no second path for them.
#include "core/model/descriptors.h"

#include "core/lang/evaluator.h"

#include <cmath>

namespace spikegen {

DerivedParam::DerivedParam(std::string name_, std::function<double(const ParamValues&, double)> compute_)
    : name(std::move(name_)), compute(std::move(compute_))
{
}

DerivedParam::DerivedParam(std::string name_, std::string expression_)
    : name(std::move(name_)), expression(std::move(expression_))
{
    // Compiled at every call rather than once here, so that a bad expression is reported by
    // validation with the model's name instead of escaping from a constructor.
    compute = [name = name, expression = expression](const ParamValues& params, double dt) {
        lang::Values values(params.begin(), params.end());
        values["dt"] = dt;
        return lang::evaluateHostExpression(expression, values, {"", "derived parameter '" + name + "'"});
    };
}

void setMaxRowLength(ConnectivitySnippet& snippet, std::string expression)
{
    snippet.maxRowLengthExpression = expression;
    snippet.maxRowLength = [expression = std::move(expression), name = snippet.name](
                               std::uint32_t numPre, std::uint32_t numPost, const ParamValues& params) {
        lang::Values values(params.begin(), params.end());
        values["num_pre"] = numPre;
        values["num_post"] = numPost;
        const double n = lang::evaluateHostExpression(expression, values, {name, "max row length"});
        // A negative or non-finite bound is a modelling error; no row can be longer than num_post
        // with distinct targets, but snippets that draw with replacement may exceed it.
        return std::uint64_t(std::isfinite(n) && n > 0 ? std::ceil(n) : 0.0);
    };
}

} // namespace spikegen
