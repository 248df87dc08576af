// Names through the C++ API, the one gate for comments in generated code, paths built from names,
// and the compile cache's trust rules (docs/security.md).
#include "sandbox.h"

#include "core/codegen/build_cache.h"
#include "core/codegen/sha256.h"
#include "models/library.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

namespace spikegen::testing {
namespace {

namespace fs = std::filesystem;

// `action` throws spikegen::Error with `fragment` in one line of message.
template <class Action>
void expectError(Action action, const std::string& fragment)
{
    try {
        action();
        FAIL() << "no error; expected: " << fragment;
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(fragment), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

const std::string kNewline = "Leaky\nstatic int x = system(\"true\");\n//";

TEST(Names, TheRule)
{
    EXPECT_FALSE(nameProblem("L23_E"));
    EXPECT_FALSE(nameProblem("_x9"));
    EXPECT_FALSE(nameProblem(std::string(kMaxNameLength, 'a')));
    for (const std::string bad : {"", "9a", "a-b", "a b", "a/b", "..", "a.b", "\xC3\xA9", "a\nb", "a'b", "a\\b"})
        EXPECT_TRUE(nameProblem(bad)) << printable(bad);
    EXPECT_TRUE(nameProblem(std::string(kMaxNameLength + 1, 'a')));
    EXPECT_TRUE(nameProblem(std::string("a\0b", 3)));
    EXPECT_EQ(printable("a\nb'\\\x01\xC3"), "'a\\nb\\'\\\\\\x01\\xC3'");
}

TEST(Names, EveryNameOfTheCppApiIsChecked)
{
    expectError([] { Network("coba/../../escaped"); }, "network name 'coba/../../escaped': contains '/'");
    expectError([] { Network n(kNewline); }, "contains '\\n'");
    Network net("ok");
    const ParamValues lif = {{"C", 1.0}, {"TauM", 20.0}, {"Vrest", -70.0}, {"Vreset", -70.0},
                             {"Vthresh", -51.0}, {"Ioffset", 0.0}, {"TauRefrac", 2.0}};
    const VarInits lifInit = {{"V", -70.0}, {"RefracTime", 0.0}};
    expectError([&] { net.addNeuronGroup("E\n", 10, models::LIF(), lif, lifInit); }, "neuron group 'E\\n': contains");
    expectError([&] { net.addNeuronGroup("1E", 10, models::LIF(), lif, lifInit); }, "starts with a digit");
    NeuronModel model = models::LIF();
    model.name = kNewline;
    expectError([&] { net.addNeuronGroup("E", 10, model, lif, lifInit); }, "model name 'Leaky\\nstatic");
    model = models::LIF();
    model.params.push_back("x*/");
    expectError([&] { net.addNeuronGroup("E", 10, model, lif, lifInit); }, "parameter name 'x*/'");
    model = models::LIF();
    model.vars.push_back({std::string(200, 'v')});
    expectError([&] { net.addNeuronGroup("E", 10, model, lif, lifInit); }, "is 200 characters long (at most 128)");
    model = models::LIF();
    model.derivedParams.emplace_back("d\"", "1.0");
    expectError([&] { net.addNeuronGroup("E", 10, model, lif, lifInit); }, "derived parameter name 'd\"'");
    model = models::LIF();
    model.paramChecks.push_back({"C > 0", "bad\nline"});
    expectError([&] { net.addNeuronGroup("E", 10, model, lif, lifInit); }, "control character '\\n'");
    expectError([&] { net.addNeuronGroup("E", 4000000000u, models::LIF(), lif, lifInit); },
                "a group holds at most 2147483647 neurons");
    net.addNeuronGroup("E", 10, models::LIF(), lif, lifInit);
    expectError([&] { net.addCurrentSource("c#", "E", models::DC(), {{"amp", 1.0}}); }, "current source 'c#'");
    expectError([&] { net.neuronGroup("E\nF"); }, "no neuron group 'E\\nF'");
}

TEST(Names, NumbersTheIndexTypesOrThePrecisionCannotHold)
{
    expectError([] { Network("n", {.dt = 1e-60}); }, "too small for single precision");
    Network net("n");
    const ParamValues lif = {{"C", 1e300}, {"TauM", 20.0}, {"Vrest", -70.0}, {"Vreset", -70.0},
                             {"Vthresh", -51.0}, {"Ioffset", 0.0}, {"TauRefrac", 2.0}};
    expectError([&] { net.addNeuronGroup("E", 10, models::LIF(), lif, {{"V", -70.0}, {"RefracTime", 0.0}}); },
                "parameter 'C' is 1e+300, beyond the range of single precision");
    NeuronModel model = models::LIF();
    model.derivedParams.emplace_back("huge", "1.0 / (TauM - 20.0)");
    ParamValues ok = lif;
    ok["C"] = 1.0;
    expectError([&] { net.addNeuronGroup("E", 10, model, ok, {{"V", -70.0}, {"RefracTime", 0.0}}); },
                "derived parameter 'huge' is not a finite number");
    Network doublePrecision("d", {.precision = Precision::Double});
    doublePrecision.addNeuronGroup("E", 10, models::LIF(), lif, {{"V", -70.0}, {"RefracTime", 0.0}});
    net.addNeuronGroup("A", 70000, models::LIF(), ok, {{"V", -70.0}, {"RefracTime", 0.0}});
    expectError([&] {
        net.addSynapseGroup("AA", SynapseSpec{"A", "A", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                                              {models::ExpCurr(), {{"tau", 5.0}}, {}}, init::Dense()});
    }, "exceeds 2^32 synapses");
    expectError([&] {
        net.addSynapseGroup("AA", SynapseSpec{"A", "A", {models::StaticPulseConstantWeight(), {{"g", 1.0}}, {}},
                                              {models::ExpCurr(), {{"tau", 5.0}}, {}}, init::OneToOne(), 1 << 25});
    }, "at most 16777216 are supported");
}

TEST(GeneratedCode, CommentsGoThroughOneGate)
{
    CodeWriter w(lang::Dialect::Cpp);
    w.comment("neuron group 'E', model 'LIF' (10 neurons)");
    for (const std::string& bad : std::vector<std::string>{"a\nb", "a\\", "x */ y", "/* x", "a??/", "\xC3\xA9", "say \"hi\"",
                                                          std::string("a\0b", 3)})
        EXPECT_THROW(w.comment(bad), Error) << printable(bad);
    for (const std::string bad : {"x = 1; // c", "a\nb", "/* x */", "x \\"})
        EXPECT_THROW(w.line(bad), Error) << printable(bad);
    w.line("int x = 1;", "a comment");
    EXPECT_EQ(w.text(), "// neuron group 'E', model 'LIF' (10 neurons)\nint x = 1;  // a comment\n");
}

class Paths : public SandboxTest {};

TEST_F(Paths, GeneratedFoldersStayInsideTheirBase)
{
    expectError([] { generatedDirectory("../../escaped_sgxinj"); }, "contains '.'");
    expectError([] { generatedDirectory(""); }, "network name is empty");
    expectError([] { fileInside("/tmp", "../x"); }, "not one plain file name");
    expectError([] { fileInside("/tmp", ".."); }, "not one plain file name");
    EXPECT_EQ(fileInside("/tmp", "E_V.npy"), fs::path("/tmp/E_V.npy"));
    // A link planted in the base folder cannot redirect generated code elsewhere.
    fs::create_directories(root() / "generated");
    fs::create_directories(root() / "elsewhere_sgxinj");
    fs::create_directory_symlink(root() / "elsewhere_sgxinj", root() / "generated" / "planted");
    expectError([] { generatedDirectory("planted"); }, "leads outside");
    fs::remove(root() / "generated" / "planted");
    fs::remove(root() / "elsewhere_sgxinj");
    EXPECT_EQ(generatedDirectory("net"), root() / "generated" / "net");
    expectNothingEscaped();
}

TEST(CacheKeys, Sha256KnownAnswers)
{
    // FIPS 180-4 examples, and lengths around the one- and two-block padding boundaries.
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // sha256sum of 'x' repeated: one block with room for the length, none, exactly one, two.
    const std::vector<std::pair<std::size_t, std::string>> lengths = {
        {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
        {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
        {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
        {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
        {119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
        {120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"}};
    for (const auto& [n, digest] : lengths)
        EXPECT_EQ(sha256Hex(std::string(n, 'x')), digest) << n;
}

class CompileCache : public SandboxTest {
protected:
    static mode_t modeOf(const fs::path& p)
    {
        struct stat info {};
        stat(p.c_str(), &info);
        return info.st_mode & 07777;
    }
};

TEST_F(CompileCache, ANewCacheIsPrivate)
{
    const fs::path dir = cacheDirectory();
    EXPECT_EQ(dir, root() / "cache");
    EXPECT_EQ(modeOf(dir), 0700u);
    CacheEntry entry("cpu", "source text", ".so");
    entry.write("binary bytes");
    EXPECT_EQ(modeOf(entry.binaryPath()), 0600u);
    EXPECT_EQ(entry.read(), "binary bytes");
}

TEST_F(CompileCache, ACacheOthersCanWriteIsRefused)
{
    fs::create_directories(root() / "cache");
    fs::permissions(root() / "cache", fs::perms(0775), fs::perm_options::replace);
    expectError([] { cacheDirectory(); }, "is writable by group or others (mode 0775)");
    fs::permissions(root() / "cache", fs::perms(0755), fs::perm_options::replace);
    EXPECT_NO_THROW(cacheDirectory()); // readable by others is fine: they cannot change it

    // Inside a folder anyone may write to, someone could swap the cache for their own.
    fs::create_directories(root() / "shared" / "cache");
    fs::permissions(root() / "shared", fs::perms(0777), fs::perm_options::replace);
    setenv("SPIKEGEN_CACHE_DIR", (root() / "shared" / "cache").c_str(), 1);
    expectError([] { cacheDirectory(); }, "which anyone may write to (mode 0777) without the sticky bit");
    fs::permissions(root() / "shared", fs::perms(01777), fs::perm_options::replace);
    EXPECT_NO_THROW(cacheDirectory()); // as /tmp: the sticky bit keeps others' hands off our folder
    if (geteuid() == 0) {
        // Owned by someone else (only root can make one here).
        ASSERT_EQ(chown((root() / "cache").c_str(), 65534, 65534), 0);
        setenv("SPIKEGEN_CACHE_DIR", (root() / "cache").c_str(), 1);
        expectError([] { cacheDirectory(); }, "belongs to user id 65534");
    }
}

TEST_F(CompileCache, AnEntryIsUsedOnlyWhenItMatchesItsRecord)
{
    CacheEntry entry("cpu", "source text", ".so");
    EXPECT_FALSE(entry.read());
    entry.write("compiled");
    ASSERT_TRUE(entry.read());
    // Another key never finds this binary, even one that only differs after a NUL.
    EXPECT_FALSE(CacheEntry("cpu", std::string("source text\0x", 13), ".so").read());
    // A binary changed after it was recorded is not used.
    {
        std::ofstream out(entry.binaryPath(), std::ios::binary | std::ios::trunc);
        out << "tampered";
    }
    EXPECT_FALSE(entry.read());
    entry.write("compiled");
    ASSERT_TRUE(entry.read());
    // Nor one others may write to.
    fs::permissions(entry.binaryPath(), fs::perms(0666), fs::perm_options::replace);
    EXPECT_FALSE(entry.read());
}

#ifdef SPIKEGEN_TEST_CPU
TEST_F(CompileCache, TheCpuBackendRecompilesATamperedLibrary)
{
    Network net("cache_check");
    net.addNeuronGroup("P", 20, models::Poisson(), {{"rate", 100.0}}, {}).setSpikeRecording(true);
    const auto first = runOnCpu(net, 20.0);
    std::size_t libraries = 0;
    for (const auto& entry : fs::directory_iterator(root() / "cache"))
        if (entry.path().extension() == ".so") {
            ++libraries;
            EXPECT_EQ(modeOf(entry.path()), 0600u);
            std::ofstream out(entry.path(), std::ios::binary | std::ios::app);
            out << "appended";
        }
    ASSERT_EQ(libraries, 1u);
    auto backend = createBackend("cpu", 1);
    Simulation sim(net, *backend);
    EXPECT_FALSE(sim.timings().compileCacheHit);
    sim.initialize();
    sim.runFor(20.0);
    EXPECT_EQ(sim.spikes("P").ids, first.at("P").ids);
    Simulation again(net, *backend);
    EXPECT_TRUE(again.timings().compileCacheHit);
    // Nothing but the cache's own files is left behind: no copies made for loading.
    for (const auto& entry : fs::directory_iterator(root() / "cache"))
        EXPECT_TRUE(entry.path().extension() == ".so" || entry.path().extension() == ".sha256") << entry.path();
}
#endif

} // namespace
} // namespace spikegen::testing
