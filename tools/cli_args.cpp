#include "tools/cli_args.h"

#include "core/error.h"
#include "core/model/safe_names.h"

#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace spikegen::tools {

double parseDurationMs(const std::string& text)
{
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw Error("--duration '" + text + "' is not a number (examples: 1s, 250ms, 1000)");
    }
    const std::string unit = text.substr(used);
    double scale = 0;
    if (unit.empty() || unit == "ms")
        scale = 1.0;
    else if (unit == "s")
        scale = 1000.0;
    else
        throw Error("--duration '" + text + "': unknown unit '" + unit + "' (use s or ms)");
    if (!std::isfinite(value) || value < 0)
        throw Error("--duration '" + text + "' must be a non-negative, finite time");
    return value * scale;
}

RecordRequest parseRecordList(const std::string& text)
{
    RecordRequest request;
    std::vector<std::string> seen;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty())
            throw Error("--record '" + text + "': empty item (use e.g. spikes or spikes,V)");
        if (std::find(seen.begin(), seen.end(), item) != seen.end())
            throw Error("--record '" + text + "': '" + item + "' is listed twice");
        seen.push_back(item);
        if (item == "spikes")
            request.spikes = true;
        else
            request.vars.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return request;
}

std::vector<SavedVar> parseSaveVars(const std::string& text)
{
    std::vector<SavedVar> vars;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::size_t dot = item.find('.');
        if (dot == std::string::npos || item.find('.', dot + 1) != std::string::npos)
            throw Error("--save-vars: " + printable(item) + " is not GROUP.VAR (example: InputNeuron.w)");
        SavedVar v{item.substr(0, dot), item.substr(dot + 1)};
        for (const auto& name : {v.group, v.var})
            if (auto problem = nameProblem(name))
                throw Error("--save-vars: " + printable(name) + " in " + printable(item) + " " + *problem);
        for (const auto& seen : vars)
            if (seen.group == v.group && seen.var == v.var)
                throw Error("--save-vars: " + printable(item) + " is listed twice");
        vars.push_back(v);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return vars;
}

void checkSaveVars(const Network& network, const std::vector<SavedVar>& vars)
{
    for (const auto& v : vars) {
        std::vector<const std::vector<VarDecl>*> lists;
        for (const auto& g : network.neuronGroups())
            if (g->name() == v.group)
                lists.push_back(&g->model().model.vars);
        for (const auto& c : network.currentSources())
            if (c->name() == v.group)
                lists.push_back(&c->model().model.vars);
        for (const auto& s : network.synapseGroups())
            if (s->name() == v.group) {
                const auto& wu = s->weightUpdate().model;
                for (const auto* list : {&wu.vars, &wu.preVars, &wu.postVars, &s->postsynaptic().model.vars})
                    lists.push_back(list);
            }
        if (lists.empty())
            throw Error("--save-vars: network '" + network.name() + "' has no group " + printable(v.group));
        std::string known;
        bool found = false;
        for (const auto* list : lists)
            for (const auto& decl : *list) {
                found |= decl.name == v.var;
                known += (known.empty() ? "" : ", ") + decl.name;
            }
        if (!found)
            throw Error("--save-vars: group '" + v.group + "' has no variable " + printable(v.var) + " (variables: " +
                        (known.empty() ? "none" : known) + ")");
    }
}

bool isModelFilePath(const std::string& target)
{
    return target.size() > 5 && target.compare(target.size() - 5, 5, ".json") == 0;
}

void checkOutputLocation(const std::filesystem::path& out)
{
    namespace fs = std::filesystem;
    // The nearest existing ancestor decides: the run creates everything below it.
    fs::path existing = fs::absolute(out);
    std::error_code ec;
    while (!fs::exists(existing, ec) && existing.has_parent_path() && existing != existing.parent_path())
        existing = existing.parent_path();
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw Error("--out '" + out.string() + "' is a file, not a directory");
    if (!fs::is_directory(existing, ec))
        throw Error("--out '" + out.string() + "': '" + existing.string() + "' is not a directory");
    // Permission bits do not tell the whole story (root, read-only mounts, /proc): try it.
    const fs::path probe = existing / (".spikegen_write_test_" + std::to_string(::getpid()));
    if (::access(existing.c_str(), W_OK | X_OK) != 0 || !fs::create_directory(probe, ec) || ec)
        throw Error("--out '" + out.string() + "': cannot write to '" + existing.string() + "'");
    fs::remove(probe, ec);
}

void checkOutputFile(const std::filesystem::path& file)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path absolute = fs::absolute(file, ec);
    if (file.empty() || ec || !absolute.has_filename())
        throw Error("--out '" + file.string() + "': not a file name");
    if (fs::exists(absolute, ec)) {
        if (!fs::is_regular_file(absolute, ec))
            throw Error("--out '" + file.string() + "' exists and is not a regular file");
        if (::access(absolute.c_str(), W_OK) != 0)
            throw Error("--out '" + file.string() + "': the file is not writable");
        return;
    }
    const fs::path directory = absolute.parent_path();
    if (!fs::is_directory(directory, ec))
        throw Error("--out '" + file.string() + "': directory '" + directory.string() + "' does not exist");
    if (::access(directory.c_str(), W_OK | X_OK) != 0)
        throw Error("--out '" + file.string() + "': cannot create files in '" + directory.string() + "'");
}

} // namespace spikegen::tools
