#include "core/error.h"

#include <spdlog/spdlog.h>

namespace spikegen {

void setLogLevel(const std::string& level)
{
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off")
        throw Error("unknown log level '" + level + "' (use trace, debug, info, warn, error or off)");
    spdlog::set_level(parsed);
}

} // namespace spikegen
