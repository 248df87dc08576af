// Turns a code string into tokens, rejecting invalid characters and malformed literals.
#pragma once
#include "core/lang/code_error.h"
#include "core/lang/token.h"

#include <string_view>
#include <vector>

namespace spikegen::lang {

// The last token is always TokenKind::End, positioned just after the source.
// `scalar` is the type of unsuffixed floating literals. Throws CodeError.
std::vector<Token> lex(std::string_view source, const SourceRef& where, Type scalar);

// if, else, for, while, do, break, continue, const, true, false and the type names.
bool isLanguageKeyword(std::string_view word);

} // namespace spikegen::lang
