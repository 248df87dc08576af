// Where in a model file something is, as a JSON Pointer (RFC 6901): "/synapse_groups/3/params/prob".
// Every error found while reading a model file carries one, so that the user can go straight to it.
#pragma once
#include "core/error.h"

#include <cstddef>
#include <string>

namespace spikegen::io {

class JsonPath {
public:
    JsonPath() = default;
    JsonPath operator/(const std::string& key) const;
    JsonPath operator/(std::size_t index) const;
    // "" for the document itself, as in RFC 6901; printed as "/" in messages.
    const std::string& pointer() const { return pointer_; }
    // For messages: "/" for the document, control and non-ASCII bytes as \xNN.
    std::string text() const;

private:
    std::string pointer_;
};

// "PATH: message". The path and the message are kept apart for callers that format their own.
class ModelFileError : public Error {
public:
    ModelFileError(const JsonPath& path, const std::string& message);
    const std::string& path() const { return path_; }
    const std::string& message() const { return message_; }

private:
    std::string path_, message_;
};

} // namespace spikegen::io
