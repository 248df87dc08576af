// Formats a code-string error as "model 'M', field 'F', line L, column C: problem; hint".
#include "core/lang/code_error.h"

#include <utility>

namespace spikegen::lang {
namespace {

std::string format(const SourceRef& where, int line, int column, const std::string& problem,
                   const std::string& hint)
{
    std::string text;
    if (!where.model.empty()) text += "model '" + where.model + "', ";
    if (!where.field.empty()) text += "field '" + where.field + "', ";
    text += "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + problem;
    if (!hint.empty()) text += "; " + hint;
    return text;
}

} // namespace

CodeError::CodeError(SourceRef where, int line, int column, std::string problem, std::string hint)
    : Error(format(where, line, column, problem, hint)), where_(std::move(where)), line_(line),
      column_(column), problem_(std::move(problem)), hint_(std::move(hint))
{
}

} // namespace spikegen::lang
