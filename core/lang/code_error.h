// Error in a user's code string: names the model, the field, line and column, and a hint.
#pragma once
#include "core/error.h"

namespace spikegen::lang {

// Where a code string comes from, for error messages: model "LIF", field "sim code".
struct SourceRef {
    std::string model;
    std::string field;
};

class CodeError : public Error {
public:
    CodeError(SourceRef where, int line, int column, std::string problem, std::string hint = {});
    const SourceRef& where() const { return where_; }
    int line() const { return line_; }
    int column() const { return column_; }
    const std::string& problem() const { return problem_; }
    const std::string& hint() const { return hint_; }

private:
    SourceRef where_;
    int line_, column_;
    std::string problem_, hint_;
};

} // namespace spikegen::lang
