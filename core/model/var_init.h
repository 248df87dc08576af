// How a state variable gets its initial value: a constant or a VarInitSnippet with parameters.
#pragma once
#include "core/model/descriptors.h"

namespace spikegen {

struct VarInit {
    VarInitSnippet snippet;
    ParamValues params;

    VarInit(double constant); // NOLINT: implicit on purpose, so {{"V", -65.0}} works
    VarInit(VarInitSnippet snippet, ParamValues params);

    // The constant, when this is a constant initialiser.
    std::optional<double> constant() const;
};

using VarInits = std::map<std::string, VarInit>;

// The snippet behind constant initialisers ("Constant", parameter "constant").
const VarInitSnippet& constantSnippet();

} // namespace spikegen
