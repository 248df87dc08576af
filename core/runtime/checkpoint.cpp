// Checkpoints (Simulation::saveCheckpoint / loadCheckpoint): the complete state of a simulation in
// one file that any backend can resume from. Every planned buffer is saved as it is (their layouts
// are the same on every backend), with the step number and the recordings already pulled to the
// host; random numbers are counter-based (seed, step, element), so nothing else is needed.
//
// Format, little-endian: the magic "SPIKEGEN-CKPT\n", u32 format version, the network's
// fingerprint (64 hex digits), u64 step, u32 buffer count; per buffer: name (u32 length + bytes),
// u8 element type, u64 element count, its SHA-256 (64 hex digits), the bytes; the host recordings;
// and at the end the SHA-256 of everything before it.
#include "core/codegen/build_cache.h"
#include "core/codegen/sha256.h"
#include "core/error.h"
#include "core/runtime/simulation.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace spikegen {
namespace {

constexpr char kMagic[] = "SPIKEGEN-CKPT\n";
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kDigest = 64;

class Writer {
public:
    template <class T>
    void value(const T& v)
    {
        bytes_.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void text(const std::string& s)
    {
        value(std::uint32_t(s.size()));
        bytes_ += s;
    }
    template <class T>
    void array(const std::vector<T>& v)
    {
        value(std::uint64_t(v.size()));
        bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void raw(const std::string& s) { bytes_ += s; }
    std::string& bytes() { return bytes_; }

private:
    std::string bytes_;
};

// Reads what Writer wrote; any read past the end is a truncated file.
class Reader {
public:
    Reader(const std::string& bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}
    template <class T>
    T value()
    {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    std::string text(std::size_t most = 1 << 20)
    {
        const auto n = value<std::uint32_t>();
        if (n > most) fail("a name of " + std::to_string(n) + " bytes");
        return std::string(take(n), n);
    }
    template <class T>
    std::vector<T> array()
    {
        const auto n = value<std::uint64_t>();
        if (n > (bytes_.size() - at_) / sizeof(T)) truncated();
        const char* bytes = take(n * sizeof(T));
        std::vector<T> v(n);
        if (n > 0) // an empty vector's data() may be null, which memcpy must not get even for 0 bytes
            std::memcpy(v.data(), bytes, n * sizeof(T));
        return v;
    }
    const char* take(std::size_t n)
    {
        if (n > bytes_.size() - at_) truncated();
        const char* p = bytes_.data() + at_;
        at_ += n;
        return p;
    }
    std::size_t at() const { return at_; }
    [[noreturn]] void truncated() const { fail("the file ends early (truncated)"); }
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw Error("checkpoint '" + file_ + "': " + problem + "; it was not loaded");
    }

private:
    const std::string& bytes_;
    std::string file_;
    std::size_t at_ = 0;
};

void describeModel(std::string& out, const ModelBase& m, const ParamValues& params)
{
    out += " model " + m.name + " (";
    for (const auto& [name, value] : params) {
        char number[40];
        std::snprintf(number, sizeof number, "%.17g", value);
        out += name + "=" + number + " ";
    }
    out += ")";
}

} // namespace

std::string Simulation::fingerprint() const
{
    // What decides the meaning of the saved state: the network's options and groups (models by
    // name, their code and parameter values) and the plan's buffers.
    char dt[40];
    std::snprintf(dt, sizeof dt, "%.17g", plan_.dt());
    const auto& connectivitySeed = network_.options().connectivitySeed;
    std::string text = network_.name() + " dt=" + dt + " seed=" + std::to_string(network_.options().seed) +
                       (connectivitySeed ? " connectivity seed=" + std::to_string(*connectivitySeed) : "") +
                       (network_.options().deterministic ? " deterministic" : "") +
                       (network_.options().precision == Precision::Double ? " double\n" : " float\n");
    for (const auto& g : network_.neuronGroups()) {
        const NeuronModel& m = g->model().model;
        text += "neurons " + g->name() + " " + std::to_string(g->size());
        describeModel(text, m, g->model().params);
        text += m.equations + "|" + m.simCode + "|" + m.thresholdCode + "|" + m.resetCode + "\n";
    }
    for (const auto& s : network_.synapseGroups()) {
        text += "synapses " + s->name() + " " + s->source().name() + " -> " + s->target().name() + " " +
                s->targetCompartment() + " delay " + std::to_string(s->axonalDelaySteps());
        describeModel(text, s->weightUpdate().model, s->weightUpdate().params);
        describeModel(text, s->postsynaptic().model, s->postsynaptic().params);
        describeModel(text, s->connectivity().snippet, s->connectivity().params);
        text += s->weightUpdate().model.simCode + "|" + s->weightUpdate().model.learnPostCode + "|" +
                s->postsynaptic().model.applyInputCode + "|" + s->postsynaptic().model.decayCode + "\n";
    }
    for (const auto& c : network_.currentSources()) {
        text += "current " + c->name() + " -> " + c->target().name() + " " + c->targetCompartment();
        describeModel(text, c->model().model, c->model().params);
        text += c->model().model.injectionCode + "\n";
    }
    for (const PlannedBuffer& b : plan_.buffers())
        text += "buffer " + b.name + " " + std::to_string(int(b.type)) + " " +
                (b.perSynapseOf ? std::string("per synapse") : std::to_string(b.count)) + "\n";
    return sha256Hex(text);
}

void Simulation::refuseBatch(const std::string& verb) const
{
    if (batch_ > 1)
        throw Error("simulation of '" + network_.name() + "': a checkpoint holds one instance, and this is a batch of " +
                    std::to_string(batch_) + ": nothing was " + verb + " (pull each instance's state instead)");
}

void Simulation::saveCheckpoint(const std::string& path)
{
    if (!initialized_)
        throw Error("simulation of '" + network_.name() + "': call initialize() before saveCheckpoint()");
    refuseBatch("saved");
    refuseSplit("saving a checkpoint");
    program_->synchronize();
    pullRecording(); // the window's spikes move to the host recordings, which are saved below
    Writer out;
    out.raw(std::string(kMagic, sizeof kMagic - 1));
    out.value(kVersion);
    out.raw(fingerprint());
    out.value(std::uint64_t(step_));
    out.value(std::uint32_t(buffers_.size()));
    for (std::size_t b = 0; b < buffers_.size(); ++b) {
        const PlannedBuffer& planned = plan_.buffers()[b];
        const std::vector<std::uint8_t> bytes = download(b);
        const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        out.text(planned.name);
        out.value(std::uint8_t(planned.type));
        out.value(std::uint64_t(counts_[b]));
        out.raw(sha256Hex(view));
        out.raw(std::string(view));
    }
    for (std::size_t g = 0; g < recorded_[0].size(); ++g) {
        out.array(recorded_[0][g].times);
        out.array(recorded_[0][g].ids);
        out.value(std::uint32_t(recordedVars_[0][g].size()));
        for (const RecordedVar& r : recordedVars_[0][g]) {
            out.array(r.times);
            out.array(r.values);
        }
    }
    out.raw(sha256Hex(out.bytes()));
    // Through a temporary file and a rename: a crash or a full disk never leaves half a checkpoint
    // under the name.
    try {
        writeFileAtomically(path, out.bytes());
    } catch (const Error& e) {
        throw Error("checkpoint of network '" + network_.name() + "' (" + std::to_string(out.bytes().size()) +
                    " bytes): " + e.what());
    }
}

void Simulation::loadCheckpoint(const std::string& path)
{
    refuseBatch("loaded");
    refuseSplit("loading a checkpoint");
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw Error("checkpoint '" + path + "': cannot open it");
    std::stringstream content;
    content << file.rdbuf();
    const std::string bytes = content.str();
    Reader in(bytes, path);
    if (bytes.size() < sizeof kMagic - 1 || bytes.compare(0, sizeof kMagic - 1, kMagic) != 0)
        in.fail("not a spikegen checkpoint");
    in.take(sizeof kMagic - 1);
    if (const auto version = in.value<std::uint32_t>(); version != kVersion)
        in.fail("format version " + std::to_string(version) + ", but this spikegen reads version " +
                std::to_string(kVersion));
    if (bytes.size() < in.at() + kDigest)
        in.truncated();
    if (sha256Hex(std::string_view(bytes).substr(0, bytes.size() - kDigest)) != bytes.substr(bytes.size() - kDigest))
        in.fail("its checksum does not match its content (truncated or corrupted)");
    if (std::string(in.take(kDigest), kDigest) != fingerprint())
        in.fail("it was written by a different network (another model, parameter, seed, dt, size or recording) than '" +
                network_.name() + "'");
    const auto step = in.value<std::uint64_t>();
    if (in.value<std::uint32_t>() != plan_.buffers().size())
        in.fail("it holds another number of buffers than this network plans");
    // Read and check everything before anything is changed, so that a bad file leaves the
    // simulation as it was.
    std::vector<std::pair<const char*, std::uint64_t>> contents;
    for (const PlannedBuffer& planned : plan_.buffers()) {
        const std::string name = in.text();
        const auto type = in.value<std::uint8_t>();
        const auto count = in.value<std::uint64_t>();
        if (name != planned.name || type != std::uint8_t(planned.type) ||
            (!planned.perSynapseOf && count != planned.count))
            in.fail("buffer '" + name + "' does not match this network's '" + planned.name + "'");
        const std::string digest(in.take(kDigest), kDigest);
        if (count > (bytes.size() - in.at()) / elementBytes(planned.type))
            in.truncated();
        const char* data = in.take(count * elementBytes(planned.type));
        if (sha256Hex(std::string_view(data, count * elementBytes(planned.type))) != digest)
            in.fail("the checksum of buffer '" + name + "' does not match");
        contents.emplace_back(data, count);
    }
    std::vector<SpikeTrains> recorded(recorded_[0].size());
    std::vector<std::vector<RecordedVar>> recordedVars = recordedVars_[0];
    for (std::size_t g = 0; g < recorded.size(); ++g) {
        recorded[g].times = in.array<double>();
        recorded[g].ids = in.array<std::uint32_t>();
        if (in.value<std::uint32_t>() != recordedVars[g].size())
            in.fail("it records other variables than this network");
        for (RecordedVar& r : recordedVars[g]) {
            r.times = in.array<double>();
            r.values = in.array<double>();
        }
    }

    refuseIfTooLarge(); // e.g. a GPU smaller than the one that wrote it
    buffers_.clear();
    buffers_.resize(plan_.buffers().size());
    counts_.assign(plan_.buffers().size(), 0);
    slotBytes_.assign(plan_.buffers().size(), 0);
    std::vector<std::pair<std::size_t, std::size_t>> counts;
    for (std::size_t b = 0; b < contents.size(); ++b)
        counts.emplace_back(b, contents[b].second);
    allocate(counts);
    for (std::size_t b = 0; b < contents.size(); ++b)
        if (contents[b].second > 0)
            buffers_[b]->upload(contents[b].first, contents[b].second * elementBytes(plan_.buffers()[b].type));
    synapseCounts_.assign(batch_, std::vector<std::size_t>(plan_.synapseGroups().size(), 0));
    for (std::size_t b = 0; b < contents.size(); ++b)
        if (const auto& group = plan_.buffers()[b].perSynapseOf)
            synapseCounts_[0][*group] = contents[b].second;
    bindInstance(0);
    uploadDynamicParams(); // parameters and keys are this simulation's, not state
    uploadStreamKeys();
    program_->synchronize();
    recorded_[0] = std::move(recorded);
    recordedVars_[0] = std::move(recordedVars);
    step_ = step;
    windowStartStep_ = step_;
    windowRows_ = 0;
    initialized_ = true;
    measuredAtStep_ = step_;
    adaptationWindow_ = kFirstAdaptationSteps;
    reportedSpikesPerStep_.clear();
    spikeTotals_.assign(plan_.neuronGroups().size(), 0);
    for (std::size_t g = 0; g < plan_.neuronGroups().size(); ++g)
        buffers_[plan_.neuronGroups()[g].spikeTotal]->download(&spikeTotals_[g], 4);
}

} // namespace spikegen
