// The models a model file may refer to by name without defining them: normally the built-ins of
// models/ (models::builtinLibrary()). core/ cannot include models/, so the reader and writer take
// the library as an argument.
#pragma once
#include "core/model/descriptors.h"

#include <map>
#include <string>

namespace spikegen::io {

struct ModelLibrary {
    std::map<std::string, NeuronModel> neurons;
    std::map<std::string, PostsynapticModel> postsynaptic;
    std::map<std::string, WeightUpdateModel> weightUpdates;
    std::map<std::string, CurrentSourceModel> currentSources;
    std::map<std::string, VarInitSnippet> varInits;
    std::map<std::string, ConnectivitySnippet> connectivity;
};

} // namespace spikegen::io
