// The parameter sets of `spikegen sweep`: a grid from --param options or the rows of a CSV file.
// Only the syntax is checked here; names and values are checked against the network by checkSweep.
#pragma once
#include "core/runtime/sweep.h"

#include <filesystem>
#include <string>
#include <vector>

namespace spikegen::tools {

// A number as the command line and CSV files give it: finite, nothing around it but spaces.
// Throws spikegen::Error naming `what` (e.g. "--param E.Vthresh").
double parseSweepValue(const std::string& text, const std::string& what);

// "GROUP.PARAM=v1,v2,..." (one --param) into the parameter and its values.
std::pair<SweptParam, std::vector<double>> parseParamOption(const std::string& text);

// The Cartesian product of every --param (core/runtime/sweep.h, parameterGrid).
ParameterSets gridFromParamOptions(const std::vector<std::string>& options);

// A CSV file of parameter sets: a header row of GROUP.PARAM names, then one row of numbers per
// instance. Blank lines and lines starting with '#' are skipped; \r\n line ends are accepted.
// Throws for a missing file, no header, no rows, a repeated column, or a row with a missing or extra
// value or a value that is not a number (naming the file, line and column).
ParameterSets parameterSetsFromCsv(const std::filesystem::path& file);

// "0,5,7" (--keep-spikes) into instance indices; throws for anything but a list of non-negative integers.
std::vector<std::size_t> parseInstanceList(const std::string& text);

} // namespace spikegen::tools
