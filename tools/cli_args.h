// Parsing of the command line's argument values, apart from main() so that it can be tested.
#pragma once
#include "core/model/network.h"

#include <filesystem>
#include <string>
#include <vector>

namespace spikegen::tools {

// "1s", "250ms", "1000" (ms) in milliseconds. Throws spikegen::Error on anything else, and on a
// negative or non-finite value.
double parseDurationMs(const std::string& text);

// What `run --record` asks for: "spikes" and/or variable names, comma-separated ("spikes,V").
struct RecordRequest {
    bool spikes = false;
    std::vector<std::string> vars;
};
// Throws for an empty list or an empty or repeated item.
RecordRequest parseRecordList(const std::string& text);

// What `run --save-vars` asks for: GROUP.VAR items, comma-separated ("InputNeuron.w,Neuron.V").
struct SavedVar {
    std::string group, var;
};
// Throws for an empty list, an item without exactly one '.', a name that is not a valid name, or
// a repeated item.
std::vector<SavedVar> parseSaveVars(const std::string& text);

// Throws unless every item names a group of `network` that has the variable (a neuron group's,
// current source's or synapse group's own, its postsynaptic model's, or its learning rule's
// pre and post variables), so that a typo fails before the simulation, not after it.
void checkSaveVars(const Network& network, const std::vector<SavedVar>& vars);

// True when `target` names a model file (ends in .json) rather than a standard network.
bool isModelFilePath(const std::string& target);

// Throws unless the output directory `out` can be created (its parent exists or can be created and
// is writable), so that a bad --out fails before a long simulation rather than after it.
void checkOutputLocation(const std::filesystem::path& out);

// Throws unless the output file `file` can be written: an existing regular file we may write, or a
// new name in an existing writable directory. Creates nothing, so that a bad --out of `bench` fails
// before a long measurement and leaves no empty file behind.
void checkOutputFile(const std::filesystem::path& file);

} // namespace spikegen::tools
