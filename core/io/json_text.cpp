#include "core/io/json_text.h"

#include "core/model/safe_names.h"

#include <vector>

namespace spikegen::io {
namespace {

// "line L, column C" of byte `offset`, as an editor shows it.
std::string lineAndColumn(const std::string& text, std::size_t offset)
{
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else
            ++column;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Builds the document while keeping the path of the element being read, so that an error found
// by the parser itself (a number that overflows) can name the element.
class Builder {
public:
    Builder(Json& root, const std::string& text) : root_(root), text_(text) {}

    bool null() { return put(nullptr); }
    bool boolean(bool value) { return put(value); }
    bool number_integer(Json::number_integer_t value) { return put(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return put(value); }
    bool number_float(Json::number_float_t value, const Json::string_t&) { return put(value); }
    bool string(Json::string_t& value) { return put(value); }
    bool binary(Json::binary_t&) { return put(nullptr); }
    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& key)
    {
        if (stack_.back()->contains(key))
            throw ModelFileError(path(false) / key, "this field is given twice");
        keys_.back() = key;
        return true;
    }

    bool parse_error(std::size_t position, const std::string& token, const nlohmann::json::exception& e)
    {
        if (e.id == 406) // number overflow: the token is complete, and the path is known
            throw ModelFileError(path(true), "the number " + printable(token) +
                                                 " is beyond the range of a double (about 1.8e308)");
        std::string what = e.what();
        const auto detail = what.find("syntax error");
        throw ModelFileError(JsonPath(), "not valid JSON: " + lineAndColumn(text_, position) + ": " +
                                             (detail == std::string::npos ? what : what.substr(detail)));
    }

private:
    // The path of the element being read: in each open container, the child that holds it (in
    // the innermost one, the child not yet added); with `innermost` false, of that container.
    JsonPath path(bool innermost) const
    {
        JsonPath p;
        const std::size_t levels = innermost ? stack_.size() : stack_.size() - 1;
        for (std::size_t i = 0; i < levels; ++i) {
            if (!stack_[i]->is_array())
                p = p / keys_[i];
            else
                p = p / (i + 1 == stack_.size() ? stack_[i]->size() : stack_[i]->size() - 1);
        }
        return p;
    }

    template <class V>
    Json* insert(V&& value)
    {
        if (stack_.empty()) {
            root_ = Json(std::forward<V>(value));
            return &root_;
        }
        Json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(Json(std::forward<V>(value)));
            return &parent.back();
        }
        Json& slot = parent[keys_.back()];
        slot = Json(std::forward<V>(value));
        return &slot;
    }

    template <class V>
    bool put(V&& value)
    {
        insert(std::forward<V>(value));
        return true;
    }

    bool open(Json container)
    {
        if (stack_.size() >= kMaxJsonDepth)
            throw ModelFileError(path(true), "nested more than " + std::to_string(kMaxJsonDepth) +
                                                 " levels deep; a model file needs far fewer");
        stack_.push_back(insert(std::move(container)));
        keys_.emplace_back();
        return true;
    }

    bool close()
    {
        stack_.pop_back();
        keys_.pop_back();
        return true;
    }

    Json& root_;
    const std::string& text_;
    std::vector<Json*> stack_;
    std::vector<std::string> keys_;
};

} // namespace

Json parseModelJson(const std::string& text)
{
    if (text.size() > kMaxModelFileBytes)
        throw ModelFileError(JsonPath(), "the text is " + std::to_string(text.size()) + " bytes long; model files of at most " +
                                             std::to_string(kMaxModelFileBytes >> 20) + " MiB are read");
    Json root;
    Builder builder(root, text);
    Json::sax_parse(text, &builder);
    return root;
}

} // namespace spikegen::io
