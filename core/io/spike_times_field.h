// The "spike_times" field of a neuron group in a model file (NeuronGroup::setSpikeTimes):
//   [[t, ...], [], ...]                                 one list of times (ms) per neuron
//   {"times": [t, ...], "ids": [n, ...]}                (time, neuron) pairs
//   {"times_file": "t.npy", "ids_file": "n.npy"}        the same pairs in .npy files beside the
//                                                       model file (io::safeDataFile says where)
#pragma once
#include "core/io/json_fields.h"
#include "core/model/groups.h"

#include <filesystem>
#include <optional>

namespace spikegen::io {

// `folder`: where the model file lies; without one (text read from memory) files are refused.
// Errors are ModelFileErrors at the element at fault.
void readSpikeTimes(NeuronGroup& group, const Json& field, const JsonPath& path,
                    const std::optional<std::filesystem::path>& folder);
// Per-neuron lists, the form writeModel uses.
Json describeSpikeTimes(const SpikeTimes& times);

} // namespace spikegen::io
