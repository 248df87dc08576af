// The SIMT source of a model plan (CUDA C++ or OpenCL C, chosen by the hooks): every
// initialisation kernel the runtime names (ModelPlan::*Kernel) and the kernels of one step, with
// the table that says how to launch each. See simt_dialect.h for the kernels' parameters.
#pragma once
#include "backends/simt/propagation.h"
#include "backends/simt/simt_dialect.h"
#include "core/codegen/code_writer.h"
#include "core/codegen/merged_bodies.h"
#include "core/codegen/model_plan.h"

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace spikegen::simt {

// Threads per block of every kernel (the shared-memory arrays are sized by it).
inline constexpr unsigned kBlockSize = 128;

struct SimtLaunch {
    std::string kernel;
    std::size_t threads = 0; // global threads, a multiple of groupSize (at least one group)
    // Post-span propagation of this synapse group: the launcher may replace `threads` by
    // postSpanThreads(longest row) once the rows are built (the kernel strides over columns, so
    // any count is correct; fewer idle threads is faster).
    std::optional<std::size_t> postSpanOf;
    // Sparse projections only: the pre-span kernel of the same projection, which the launcher
    // runs instead when chooseSparsePropagation picks pre span from the built rows.
    std::string preSpanKernel;
    std::size_t preSpanThreads = 0;
    // The propagation of this synapse group (whose work propagate_all does, when it is written).
    std::optional<std::size_t> projection = std::nullopt;
    // Work-items per work-group: kBlockSize, except the neuron update with
    // SimtHooks::barrierFreeNeuronUpdate, whose one work-item per block loops over its neurons.
    std::size_t groupSize = kBlockSize;
};

struct SimtSource {
    std::vector<SimtLaunch> init; // every init kernel of the plan, in no particular order
    // The kernels of one step, in launch order: neuron_update, pre_arrivals (spikes reaching
    // plastic synapses through an axonal delay), a propagation kernel per projection, learn_post,
    // synapse_dynamics (the last three where the network has such code). The last block of the last
    // one advances the clock (a separate "advance" kernel when the network has no synapses).
    std::vector<SimtLaunch> step;
    // The clock advance on its own, for a launcher that replaces the step's last kernel (the
    // OpenCL backend's CLBlast GEMV path) and must still move the clock on after it.
    std::optional<SimtLaunch> advance;
    // With SimtHooks::fusedPropagation and at least one projection: the kernel `propagate_all`,
    // which does the work of the step entries with `projection` set (in plan order) in one launch
    // and then, unless learning kernels follow, advances the clock. The kernels those entries name
    // are then not written (less to compile): the entries only size each projection's share. Each
    // projection owns a range of blocks, and a sparse one its strategy, read from the words after
    // the clock (fusedLayout): the launcher writes them once the rows are built, and launches this
    // kernel with fusedThreads in place of the projection entries.
    std::optional<SimtLaunch> fused;
    // With SimtHooks::persistentSteps, for networks of at most kPersistentMaxNeuronBlocks blocks of
    // neurons: the kernel `run_steps`, which runs clock[persistentStepsWord] whole steps (neuron
    // update, a grid barrier, each block's propagation onto its own targets) in one cooperative
    // launch of any grid size that is resident at once.
    std::optional<SimtLaunch> persistent;
    // Per projection: the neuron update delivers its spikes (deliveredByNeuronUpdate); it then has
    // no step entry and no share of propagate_all (its layout words give it no blocks).
    std::vector<bool> deliveredByNeuronUpdate;
    bool deliveredAlone = false; // by the thread that spiked (SimtHooks::barrierFreeNeuronUpdate)
    // Buffers as parameters (OpenCL): per kernel, what it takes between the pool and the clock
    // (those its code names).
    struct KernelParameters {
        bool synapseArena = false;        // SimtHooks::synapseArena, first
        std::vector<std::size_t> buffers; // buffers of their own, plan order
    };
    std::map<std::string, KernelParameters> parameters;
};

// The persistent kernel replaces the step's two kernel boundaries by one grid barrier (each block
// propagates onto its own targets). Its barrier grows with the grid, and each block scans every
// spiking row into its group, so it is written for small networks only (benchmarks/NOTES.md
// Version 5), which also keeps larger networks' compile time down.
inline constexpr std::size_t kPersistentMaxNeuronBlocks = 64;

// Words kClockWords + p (p = 0..projections) of the clock buffer: the first block of projection p
// in propagate_all (the last one: the total); then kClockWords + projections + 1 + p: 1 where
// sparse projection p runs post span, 0 for pre span. fusedClockWords is the buffer's whole size.
inline std::size_t fusedFirstBlockWord(std::size_t p) { return kClockWords + p; }
inline std::size_t fusedPostSpanWord(std::size_t projections, std::size_t p) { return kClockWords + projections + 1 + p; }
inline std::size_t fusedClockWords(std::size_t projections) { return kClockWords + 2 * projections + 1; }
// Then run_steps's grid barrier word (sg_grid_sync) and the number of steps to run.
inline std::size_t persistentBarrierWord(std::size_t projections) { return fusedClockWords(projections); }
inline std::size_t persistentStepsWord(std::size_t projections) { return fusedClockWords(projections) + 1; }
inline std::size_t persistentClockWords(std::size_t projections) { return fusedClockWords(projections) + 2; }
// Batches with buffers as parameters (OpenCL): the stride of buffer b (elements, 64 bits: low word
// first) at this word of the clock, after the fused words; batchClockWords is the buffer's size.
inline std::size_t instanceStrideWord(std::size_t projections, std::size_t b) { return fusedClockWords(projections) + 2 * b; }
inline std::size_t batchClockWords(std::size_t projections, std::size_t buffers)
{
    return instanceStrideWord(projections, buffers);
}
// The synapse arena (SimtHooks::synapseArena): the offset of per-synapse buffer b in it, in units of
// kPoolAlignment bytes, at this word of the clock, after the instance strides.
inline std::size_t synapseOffsetWord(std::size_t projections, std::size_t buffers, std::size_t b)
{
    return batchClockWords(projections, buffers) + b;
}
inline std::size_t synapseArenaClockWords(std::size_t projections, std::size_t buffers)
{
    return synapseOffsetWord(projections, buffers, buffers);
}
// Buffers as parameters (OpenCL): kernels take one pool of the small buffers and a parameter of
// its own for each other buffer, because an enqueue costs per buffer argument (~0.33 us each on
// NVIDIA's OpenCL, benchmarks/opencl_enqueue_bench.cpp). A pooled buffer lies at a fixed offset
// of the pool (poolOffsets), which the kernels have as a literal.
inline constexpr std::size_t kPoolAlignment = 256;
inline constexpr std::size_t kPoolMaxBufferBytes = std::size_t(64) << 20;
// `bytes` rounded up to the pool's alignment (also the synapse arena's).
inline std::size_t poolAligned(std::size_t bytes) { return (bytes + kPoolAlignment - 1) / kPoolAlignment * kPoolAlignment; }
// The bytes Simulation allocates for buffer b (every instance's part of a batch), for buffers the
// plan sizes (not per synapse).
std::size_t plannedBufferBytes(const ModelPlan& plan, std::size_t b);
// Whether buffer b lies in the pool: the plan sizes it (not per synapse) to at most kPoolMaxBufferBytes.
bool pooledParameter(const ModelPlan& plan, std::size_t b);
// Whether buffer b lies in the synapse arena (per synapse, with SimtHooks::synapseArena).
bool inSynapseArena(const ModelPlan& plan, const SimtHooks& hooks, std::size_t b);
// Byte offset in the pool of each buffer (0 for those not pooled), then the pool's size.
std::vector<std::size_t> poolOffsets(const ModelPlan& plan);

inline std::size_t roundUpToBlocks(std::size_t threads)
{
    return std::max<std::size_t>(1, (threads + kBlockSize - 1) / kBlockSize) * kBlockSize;
}
inline std::size_t postSpanThreads(std::uint32_t longestRow) { return roundUpToBlocks(longestRow); }

// The longest row of a sparse projection from its row starts (numPre + 1 entries).
std::uint32_t longestRow(const std::vector<std::uint32_t>& rowStarts);
// Step launch `l` as it runs once its projection's rows are built: for a sparse projection, post
// or pre span by chooseSparsePropagation (post span with only as many threads as the longest row
// has synapses); any other launch unchanged.
SimtLaunch chooseLaunch(const SimtLaunch& l, const ModelPlan& plan, std::uint32_t longestRow,
                        std::optional<double> spikesPerStep = std::nullopt);
// "pre span (...), 32 lanes per spike, 65536 threads" for the launch chosen for `original`, and
// how often the measured activity changed that choice.
std::string describeLaunch(const SimtLaunch& original, const SimtLaunch& chosen, const ModelPlan& plan,
                           unsigned changes = 0);

// The projections whose spikes the neuron update delivers, as hooks.delivery and the plan decide
// (SynapseGroupPlan::deliverableAtEmission; Auto: unless the persistent step loop is written).
std::vector<bool> deliveredByNeuronUpdate(const ModelPlan& plan, const SimtHooks& hooks);
// What the launchers' propagation() says for each projection that the neuron update delivers.
void describeNeuronUpdateDeliveries(const ModelPlan& plan, const SimtSource& source,
                                    std::map<std::string, std::string>& out);

// Writes the whole source into `w` (whose dialect must be hooks.dialect) and returns its launches.
SimtSource writeSimtSource(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks);
// The same in two translation units, each with the prelude and the buffers' globals: the
// initialisation kernels into `init`, the step's kernels into `step` (for a backend that compiles
// them differently: CUDA, cuda_source.h).
SimtSource writeSimtSource(CodeWriter& init, CodeWriter& step, const ModelPlan& plan, const SimtHooks& hooks);

// Pieces shared by the kernel writers (simt_init_kernels.cpp, simt_step_kernels.cpp).
namespace detail {
// "kernelQualifier void name(buffers..., sg_clock)" opened with "{": CUDA's kernels take no
// parameters (the buffers are globals), OpenCL's the pool, the synapse arena and the buffers of
// their own that they name (lines left for fillKernelParameters), and the clock.
void openKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& name);
// Once every kernel is written: each OpenCL kernel's parameters (SimtSource::parameters), because
// an enqueue costs per argument (neuron_update names none of the microcircuit's 165 synapse buffers).
void fillKernelParameters(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
// Batches run together (SimtHooks::instancesTogether): the global base pointer and stride of a
// per-instance buffer, and buffer `buffer` of instance `k` (an expression) for code that touches
// every instance's part.
std::string instanceBase(const std::string& buffer);
std::string instanceStrideName(const std::string& buffer);
std::string instanceStride(const ModelPlan& plan, const SimtHooks& hooks, std::size_t buffer); // an expression
std::string otherInstance(const ModelPlan& plan, const SimtHooks& hooks, std::size_t buffer, const std::string& k);
// `const unsigned gid`, `threads` (all launched) for grid-stride loops.
void globalIndex(CodeWriter& w, const SimtHooks& hooks);
// `step`, `record_row` and `t` from the clock buffer.
void readClock(CodeWriter& w, const ModelPlan& plan);
// `step`, `record_row` and `t` from the expressions `step` and `recordRow`.
void declareClock(CodeWriter& w, const ModelPlan& plan, const std::string& step, const std::string& recordRow);
void writeInitKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
void writeStepKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
// Pieces of the step kernels (simt_step_kernels.cpp) that the learning kernels share.
// `sg_dendritic_slot` of projection `s`, where it has dendritic delays.
void dendriticSlot(CodeWriter& w, const SynapseGroupPlan& s);
// `pre_slot`, `num_spikes` and `spikes` of the presynaptic group after the axonal delay, and the
// dendritic slot.
void spikeSource(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s);
// The end of the step's last kernel: the last block to finish advances the clock (needs sh_last).
void writeAdvanceTail(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks);
// #define SG_ADD_TO_POST: atomic unless `strategy` gives each thread of projection `s` its own
// targets and no other projection adds to its input.
void defineAddToPost(CodeWriter& w, const ModelPlan& plan, Propagation strategy, const SynapseGroupPlan* s = nullptr);
// Groups occupy consecutive whole blocks of the neuron update: the first block of each group, then
// the total; and that total.
std::vector<std::size_t> neuronGroupFirstBlocks(const ModelPlan& plan);
std::size_t neuronUpdateBlocks(const ModelPlan& plan);
// The neuron update's shared arrays, and its work for block `blk` (given the clock variables).
void declareNeuronShared(CodeWriter& w, const SimtHooks& hooks);
void writeNeuronUpdateBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks);
// The post-span staging arrays sh_id, sh_start, sh_length.
void declarePropagationShared(CodeWriter& w, const SimtHooks& hooks);
// The work of projection `s` with `strategy`, given `gid` and `threads` (those of the projection's
// blocks), the clock, SG_ADD_TO_POST and, for post span, the shared staging arrays.
void writePropagationBody(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const SynapseGroupPlan& s,
                          Propagation strategy);
// Post span's two steps between barriers: stage spikes [base, base + n) of `spikes` (threads
// lid < n), then walk the columns of the n staged rows (given `gid` and `threads`). The rows are
// those of the shared arrays, or any others `rows` names (expressions of a row index r < n).
struct PostSpanRows {
    std::function<std::string(const std::string&)> id = [](const std::string& r) { return "sh_id[" + r + "]"; };
    std::function<std::string(const std::string&)> start = [](const std::string& r) { return "sh_start[" + r + "]"; };
    std::function<std::string(const std::string&)> length = [](const std::string& r) {
        return "sh_length[" + r + "]";
    };
};
void writePostSpanStage(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s);
// Lane sg_lane of a team of `lanes` threads walks its share of the row of id_pre (given
// SG_ADD_TO_POST and, where the projection has a ring, its slot).
void writePreSpanRow(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s, unsigned lanes);
void writePostSpanColumns(CodeWriter& w, const ModelPlan& plan, const SynapseGroupPlan& s,
                          const PostSpanRows& rows = {});
// propagate_all for hooks.barriersOutsideBranches (simt_phased_propagation.cpp), for the
// projections `propagated`; `last`: it advances the clock.
void writePhasedPropagationKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks,
                                  const std::vector<std::size_t>& propagated, bool last, SimtSource& out);
// Empties the spike slots (counts) of `step` for every group; moves the clock on one step.
void writeEmptySpikeSlots(CodeWriter& w, const ModelPlan& plan, const std::string& step,
                          const SimtHooks* together = nullptr);
void writeAdvance(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks);
// The step loop in one kernel (simt_step_loop_kernel.cpp).
void writePersistentKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
// Whether writeStepKernels writes the step loop kernel for `plan` (unless the neuron update
// delivers spikes).
bool persistentLoopFits(const ModelPlan& plan, const SimtHooks& hooks);
// The learning kernels (simt_learning_kernels.cpp): pre_arrivals before propagation, learn_post
// and synapse_dynamics after it (the last of them advances the clock).
void writeArrivalsKernel(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
void writeLearningKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, SimtSource& out);
// Merged groups (simt_merged.cpp). A piece of a kernel written apart, at indentation 0, so that
// the pieces of one structure can be written once.
struct WrittenBody {
    std::string kernel; // the kernel it is the body of (writeKernels), or empty
    std::string label;  // what it is for: "synapse group 'E_to_I'"
    CodeWriter body;
};
// Names a merged function takes from the code around its calls, passed as they are there:
// {"const unsigned blk", "blk"}.
struct CallerContext {
    std::vector<std::pair<std::string, std::string>> parameters;
};
// Bodies merged by structure (each alone unless hooks.mergeBodies): their functions, named
// <function>_m<i>, and at each body's place a call of its function (or the body itself, alone).
class MergedGroups {
public:
    MergedGroups(const ModelPlan& plan, const SimtHooks& hooks, std::vector<WrittenBody> bodies, std::string function,
                 CallerContext context);
    // The function of each structure of several bodies; `what` says what they do.
    void writeFunctions(CodeWriter& w, const std::string& what) const;
    // What body `i` does, where it is to be done.
    void writeBody(CodeWriter& w, std::size_t i) const;
    std::size_t size() const { return bodies_.size(); }
    const WrittenBody& body(std::size_t i) const { return bodies_[i]; }

private:
    std::string functionName(std::size_t m) const;
    const ModelPlan& plan_;
    const SimtHooks& hooks_;
    std::vector<WrittenBody> bodies_;
    std::string function_;
    CallerContext context_;
    std::vector<MergedBody> merged_;
    std::vector<std::pair<std::size_t, std::size_t>> place_; // body -> (structure, member)
};
// A kernel for each body, named body.kernel: bodies of one structure call one function sg_<kind>_m<i>.
void writeKernels(CodeWriter& w, const ModelPlan& plan, const SimtHooks& hooks, const std::string& kind,
                  std::vector<WrittenBody> bodies);
} // namespace detail

} // namespace spikegen::simt
