// The one exception type spikegen throws for bad input and failed operations.
// Every message names the thing that is wrong and where it is.
#pragma once
#include <stdexcept>
#include <string>

namespace spikegen {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace spikegen
