// Model descriptors as JSON: the "models" section of a model file, where custom neuron,
// postsynaptic, weight-update and current-source models and var-init and connectivity snippets are
// written out in full (built-ins are referred to by name instead; see model_file.h).
#pragma once
#include "core/io/json_fields.h"
#include "core/model/descriptors.h"

#include <optional>
#include <string>

namespace spikegen::io {

// The definition of a descriptor. C++-only parts (derived parameters without an expression,
// checkParams, maxRowLength without an expression) are left out; unwritablePart() names them.
Json describeModel(const NeuronModel& model);
Json describeModel(const PostsynapticModel& model);
Json describeModel(const WeightUpdateModel& model);
Json describeModel(const CurrentSourceModel& model);
Json describeModel(const VarInitSnippet& model);
Json describeModel(const ConnectivitySnippet& model);

// What describeModel would lose ("derived parameter 'x' is a C++ function"), or nothing.
std::optional<std::string> unwritablePart(const ModelBase& model);
std::optional<std::string> unwritablePart(const ConnectivitySnippet& model);

// Reads a definition written by describeModel; throws ModelFileError with the path of the field.
// Expressions are compiled here, so that a bad one is reported at its own path.
NeuronModel readNeuronModel(const Json& definition, const JsonPath& path);
PostsynapticModel readPostsynapticModel(const Json& definition, const JsonPath& path);
WeightUpdateModel readWeightUpdateModel(const Json& definition, const JsonPath& path);
CurrentSourceModel readCurrentSourceModel(const Json& definition, const JsonPath& path);
VarInitSnippet readVarInitSnippet(const Json& definition, const JsonPath& path);
ConnectivitySnippet readConnectivitySnippet(const Json& definition, const JsonPath& path);

} // namespace spikegen::io
