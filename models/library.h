// Every built-in model and snippet by name, for model files (core/io) and the command line.
#pragma once
#include "core/io/model_library.h"

namespace spikegen::models {

const io::ModelLibrary& builtinLibrary();

} // namespace spikegen::models
