#include "models/current_sources.h"

namespace spikegen::models {

CurrentSourceModel DC()
{
    CurrentSourceModel m;
    m.name = "DC";
    m.params = {"amp"};
    m.injectionCode = "injectCurrent(amp);";
    return m;
}

} // namespace spikegen::models
