#include "tools/network_source.h"

#include "core/error.h"
#include "core/io/model_file.h"
#include "models/library.h"
#include "models/networks/standard_networks.h"
#include "tools/cli_args.h"

namespace spikegen::tools {

std::unique_ptr<Network> loadNetwork(const NetworkRequest& request)
{
    if (isModelFilePath(request.target)) {
        if (request.scale || request.inDegreeScale)
            throw Error(std::string(request.scale ? "--scale" : "--in-degree-scale") +
                        " applies to standard networks, not to model files");
        if (request.individualWeights)
            throw Error("--individual-weights applies to standard networks, not to model files");
        // Checked as `spikegen validate` checks it, so that a bad code string names the file and field.
        auto network = io::checkModelFile(request.target, models::builtinLibrary(), 1).network;
        if (request.seed)
            network->setSeed(*request.seed);
        if (request.deterministic)
            network->setDeterministic(true);
        return network;
    }
    models::StandardNetworkOptions options;
    options.seed = request.seed.value_or(options.seed);
    options.scale = request.scale.value_or(options.scale);
    options.individualWeights = request.individualWeights;
    if (request.inDegreeScale) {
        if (request.target.rfind("microcircuit", 0) != 0)
            throw Error("--in-degree-scale applies to microcircuit and microcircuit-dc, not to '" + request.target + "'");
        options.inDegreeScale = *request.inDegreeScale;
    }
    try {
        auto network = models::makeStandardNetwork(request.target, options);
        network->setDeterministic(request.deterministic);
        return network;
    } catch (const Error& e) {
        // Say that a model file would do too, but only for a name that is not known.
        if (std::string(e.what()).rfind("unknown network", 0) == 0)
            throw Error(std::string(e.what()) + ", or a model file ending in .json");
        throw;
    }
}

} // namespace spikegen::tools
