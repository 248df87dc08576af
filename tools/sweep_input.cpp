#include "tools/sweep_input.h"

#include "core/error.h"
#include "core/model/safe_names.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>

namespace spikegen::tools {
namespace {

std::string trimmed(const std::string& text)
{
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string> splitAt(const std::string& text, char separator)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        items.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            return items;
        start = end + 1;
    }
}

} // namespace

double parseSweepValue(const std::string& text, const std::string& what)
{
    const std::string number = trimmed(text);
    char* end = nullptr;
    errno = 0;
    const double value = number.empty() ? 0.0 : std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0')
        throw Error(what + ": " + printable(text) + " is not a number");
    if (!std::isfinite(value) || errno == ERANGE)
        throw Error(what + ": " + printable(text) + " is not a finite number");
    return value;
}

std::pair<SweptParam, std::vector<double>> parseParamOption(const std::string& text)
{
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos)
        throw Error("--param " + printable(text) + " is not GROUP.PARAM=v1,v2,... (example: E.Vthresh=-52,-50)");
    const std::string name = trimmed(text.substr(0, equals));
    SweptParam param;
    try {
        param = parseSweptParam(name);
    } catch (const Error& e) {
        throw Error(std::string("--param: ") + e.what());
    }
    const std::string list = text.substr(equals + 1);
    if (trimmed(list).empty())
        throw Error("--param " + name + ": no values (give them as " + name + "=v1,v2,...)");
    std::vector<double> values;
    for (const auto& item : splitAt(list, ','))
        values.push_back(parseSweepValue(item, "--param " + name));
    return {param, values};
}

ParameterSets gridFromParamOptions(const std::vector<std::string>& options)
{
    std::vector<std::pair<SweptParam, std::vector<double>>> axes;
    for (const auto& option : options)
        axes.push_back(parseParamOption(option));
    try {
        return parameterGrid(axes);
    } catch (const Error& e) {
        throw Error(std::string("--param: ") + e.what());
    }
}

ParameterSets parameterSetsFromCsv(const std::filesystem::path& file)
{
    std::ifstream in(file);
    if (!in)
        throw Error("--params-csv: cannot read '" + file.string() + "'");
    ParameterSets sets;
    std::vector<std::string> header;
    std::string line;
    for (std::size_t lineNumber = 1; std::getline(in, line); ++lineNumber) {
        const std::string where = "--params-csv " + file.string() + ", line " + std::to_string(lineNumber);
        if (trimmed(line).empty() || trimmed(line)[0] == '#')
            continue;
        std::vector<std::string> cells = splitAt(line, ',');
        if (header.empty()) {
            for (auto& cell : cells) {
                header.push_back(trimmed(cell));
                try {
                    sets.params.push_back(parseSweptParam(header.back()));
                } catch (const Error& e) {
                    throw Error(where + " (the header): " + e.what());
                }
                for (std::size_t k = 0; k + 1 < header.size(); ++k)
                    if (header[k] == header.back())
                        throw Error(where + " (the header): column '" + header.back() + "' is given twice");
            }
            continue;
        }
        if (cells.size() != header.size())
            throw Error(where + ": " + std::to_string(cells.size()) + " values for the " +
                        std::to_string(header.size()) + " columns of the header (" +
                        (cells.size() < header.size() ? "missing" : "extra") + " values)");
        std::vector<double> values;
        for (std::size_t c = 0; c < cells.size(); ++c)
            values.push_back(parseSweepValue(cells[c], where + ", column '" + header[c] + "'"));
        sets.values.push_back(std::move(values));
    }
    if (header.empty())
        throw Error("--params-csv " + file.string() + ": no header row (GROUP.PARAM,...)");
    if (sets.values.empty())
        throw Error("--params-csv " + file.string() + ": no parameter sets below the header");
    return sets;
}

std::vector<std::size_t> parseInstanceList(const std::string& text)
{
    std::vector<std::size_t> instances;
    for (const auto& item : splitAt(text, ',')) {
        const std::string number = trimmed(item);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos || number.size() > 18)
            throw Error("--keep-spikes " + printable(text) + ": " + printable(item) +
                        " is not an instance number (example: 0,5,7)");
        instances.push_back(std::stoull(number));
    }
    return instances;
}

} // namespace spikegen::tools
