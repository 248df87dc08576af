// What a cold CUDA build costs, without a GPU: generates a standard network's CUDA source as the
// backend does (cuda::writeCudaSource: an initialisation and a step unit), reports each unit's size,
// kernels and parameters per kernel kind, and times NVRTC with the backend's options, to PTX and to
// a cubin (PTX plus ptxas, which is what CudaBackend::build runs on a device: architecture sm_XY).
// With --by-kind it also compiles a unit's preamble with the kernels of one kind at a time, to see
// which kind the time goes to.
//
//   spikegen_nvrtc_bench [--network microcircuit] [--arch compute_90,sm_90] [--by-kind]
//                        [--repeat N] [--dump FILE] [--file FILE]
// --repeat reports the fastest of N compiles (the 2-core machine is shared); --file compiles a CUDA
// source from disk instead (an old dump, or an edited one, for trying a change by hand; relocatable
// as the initialisation unit); --dump writes the units to FILE.init.cu and FILE.step.cu.
// $SPIKEGEN_SIMT_MERGE=0 and $SPIKEGEN_CUDA_RDC=0 give the source and compile without merged groups
// and relocatable code (benchmarks/NOTES.md, Version 10).
#include "backends/cuda/cuda_source.h"
#include "backends/cuda/nvrtc_compiler.h"
#include "core/error.h"
#include "models/networks/standard_networks.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace spikegen;

namespace {

// The generated file cut at its kernels and merged functions (simt_merged.cpp): what comes before
// the first (prelude, RNG, helpers), then each with the lines up to the next one. A merged function
// sg_<kind>_m<k> counts with the kernels of its kind (sg_propagate_*: propagate_all).
struct Split {
    std::string preamble;
    struct Unit {
        std::string name, kind, text;
        bool kernel = true;
        std::size_t parameters = 0;
    };
    std::vector<Unit> units;
};

// "count_s12" -> "count", "propagate_all" -> "propagate_all": the kernel's kind.
std::string kindOf(const std::string& name)
{
    const auto at = name.rfind("_s");
    if (at != std::string::npos && at + 2 < name.size() &&
        name.find_first_not_of("0123456789", at + 2) == std::string::npos)
        return name.substr(0, at);
    return name;
}

// "sg_count_m0" -> "count".
std::string mergedKind(const std::string& name)
{
    const std::string kind = name.substr(3, name.rfind("_m") - 3);
    return kind == "propagate" ? "propagate_all" : kind;
}

Split split(const std::string& text)
{
    const std::string kernel = "extern \"C\" __global__ void ", merged = "static __device__ __noinline__ void ";
    auto next = [&](std::size_t from) { return std::min(text.find(kernel, from), text.find(merged, from)); };
    Split out;
    std::size_t at = next(0);
    out.preamble = text.substr(0, at);
    while (at != std::string::npos) {
        const std::size_t end = next(at + 1);
        Split::Unit k;
        k.kernel = text.compare(at, kernel.size(), kernel) == 0;
        k.text = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        const std::size_t nameStart = at + (k.kernel ? kernel : merged).size();
        k.name = text.substr(nameStart, text.find('(', nameStart) - nameStart);
        k.kind = k.kernel ? kindOf(k.name) : mergedKind(k.name);
        // Parameters: the commas of the signature, up to the line that opens the body.
        const std::string signature = k.text.substr(0, k.text.find("\n{"));
        if (signature.find("(void)") == std::string::npos)
            for (char c : signature)
                k.parameters += c == ',';
        k.parameters += signature.find("(void)") == std::string::npos ? 1 : 0;
        out.units.push_back(std::move(k));
        at = end;
    }
    return out;
}

int repeats = 1;

// The fastest of `repeats` compiles (NVRTC, and nvJitLink where the code is relocatable).
double compileSeconds(const std::string& source, const std::string& arch, cuda::Linkage linkage,
                      std::size_t& imageBytes)
{
    CodeWriter w(lang::Dialect::Cuda);
    w.raw(source);
    double best = 1e30;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        imageBytes = cuda::nvrtcCompile(w, "bench_cuda.cu", arch, "bench", linkage).size();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

std::vector<std::string> commaList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

// Sizes, kinds and compile times of one unit of the source.
void reportUnit(const std::string& name, const std::string& source, cuda::Linkage linkage, const std::string& archs,
                bool byKind)
{
    const Split parts = split(source);
    std::size_t lines = 0, maxParameters = 0, kernels = 0, functions = 0;
    for (char c : source)
        lines += c == '\n';
    struct Kind {
        std::size_t kernels = 0, functions = 0, bytes = 0, parameters = 0;
    };
    std::map<std::string, Kind> kinds;
    for (const auto& k : parts.units) {
        Kind& kind = kinds[k.kind];
        (k.kernel ? kind.kernels : kind.functions) += 1;
        (k.kernel ? kernels : functions) += 1;
        kind.bytes += k.text.size();
        if (k.kernel) {
            kind.parameters += k.parameters;
            maxParameters = std::max(maxParameters, k.parameters);
        }
    }
    std::printf("%s unit: %zu bytes, %zu lines, %zu kernels (up to %zu parameters each), %zu merged "
                "functions, preamble %zu bytes\n",
                name.c_str(), source.size(), lines, kernels, maxParameters, functions, parts.preamble.size());
    std::printf("%-22s %8s %10s %10s %18s\n", "kind", "kernels", "functions", "bytes", "kernel parameters");
    for (const auto& [name, kind] : kinds)
        std::printf("%-22s %8zu %10zu %10zu %18zu\n", name.c_str(), kind.kernels, kind.functions, kind.bytes,
                    kind.parameters);
    std::printf("options:");
    for (const auto& o : cuda::nvrtcOptions("ARCH", linkage))
        std::printf(" %s", o.c_str());
    std::printf("\n");
    for (const auto& arch : commaList(archs)) {
        std::size_t bytes = 0;
        const double seconds = compileSeconds(source, arch, linkage, bytes);
        std::printf("whole unit, %-10s %7.2f s (%zu bytes out)\n", arch.c_str(), seconds, bytes);
        if (!byKind)
            continue;
        double sum = 0;
        const double preamble = compileSeconds(parts.preamble, arch, linkage, bytes);
        std::printf("  %-22s %7.2f s\n", "(preamble alone)", preamble);
        for (const auto& [name, kind] : kinds) {
            std::string subset = parts.preamble;
            for (const auto& k : parts.units)
                if (k.kind == name)
                    subset += k.text;
            const double s = compileSeconds(subset, arch, linkage, bytes);
            sum += s - preamble;
            std::printf("  %-22s %7.2f s (minus preamble %.2f s)\n", name.c_str(), s, s - preamble);
        }
        std::printf("  sum of kinds minus preambles: %.2f s\n", sum);
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows as it comes, also into a file
    std::string network = "microcircuit", archs = "compute_90,sm_90", dump, file;
    bool byKind = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw Error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--network") network = value();
        else if (a == "--arch") archs = value();
        else if (a == "--dump") dump = value();
        else if (a == "--file") file = value();
        else if (a == "--by-kind") byKind = true;
        else if (a == "--repeat") repeats = std::max(1, std::atoi(value().c_str()));
        else {
            std::fprintf(stderr, "usage: %s [--network NAME] [--arch LIST] [--by-kind] [--repeat N] [--dump FILE] [--file FILE]\n",
                         argv[0]);
            return 2;
        }
    }
    try {
        std::string source, stepSource;
        double generateSeconds = 0;
        if (file.empty()) {
            const auto start = std::chrono::steady_clock::now();
            auto net = models::makeStandardNetwork(network);
            ModelPlan plan(*net, 10000);
            const cuda::CudaSource cudaSource = cuda::writeCudaSource(plan);
            source = cudaSource.init.text();
            stepSource = cudaSource.step.text();
            generateSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } else {
            std::ifstream in(file, std::ios::binary);
            if (!in)
                throw Error("cannot read " + file);
            source.assign(std::istreambuf_iterator<char>(in), {});
            network = file;
        }
        struct Unit {
            std::string name, text;
            cuda::Linkage linkage;
        };
        std::vector<Unit> units;
        if (file.empty()) {
            units.push_back({"initialisation", std::move(source), cuda::Linkage::Relocatable});
            units.push_back({"step", std::move(stepSource), cuda::Linkage::WholeProgram});
        } else {
            units.push_back({file, std::move(source), cuda::Linkage::Relocatable});
        }
        std::printf("network %s, generated in %.3f s, NVRTC %s\n", network.c_str(), generateSeconds,
                    cuda::nvrtcVersion().c_str());
        for (const Unit& unit : units) {
            if (!dump.empty() && file.empty())
                std::ofstream(dump + (unit.linkage == cuda::Linkage::Relocatable ? ".init.cu" : ".step.cu"),
                              std::ios::binary)
                    << unit.text;
            reportUnit(unit.name, unit.text, unit.linkage, archs, byKind);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spikegen_nvrtc_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
