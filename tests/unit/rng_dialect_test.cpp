// deviceSource(dialect) compiled by each target's own compiler must give the host's numbers bit
// for bit: C++ (system compiler, several flag sets), OpenCL (every platform present, e.g. PoCL),
// CUDA (NVRTC compile for compute_90; run too when a GPU and driver are present).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/rng/philox.h"
#include "rng_test_kernel.h"

#if SPIKEGEN_RNG_TEST_OPENCL
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#endif
#if SPIKEGEN_RNG_TEST_NVRTC
#include <dlfcn.h>
#include <nvrtc.h>
#endif

namespace {

namespace rt = spikegen::rng::test;
using spikegen::lang::Dialect;

// Compares words of each transform; reports the number of mismatches and the first one.
template <typename Word>
void expectSame(const std::vector<Word>& got, const std::vector<Word>& want, std::uint32_t wordsPerElement,
                const char* const* names, int transforms, const std::string& what)
{
    ASSERT_EQ(got.size(), want.size());
    for (int t = 0; t < transforms; ++t) {
        std::size_t mismatches = 0, first = 0;
        for (std::uint32_t e = 0; e < rt::kElements; ++e) {
            for (std::uint32_t j = 0; j < 4; ++j) {
                const std::size_t i = e * wordsPerElement + 4 * t + j;
                if (got[i] != want[i] && mismatches++ == 0) first = i;
            }
        }
        EXPECT_EQ(mismatches, 0u) << what << ": " << names[t] << " differs in " << mismatches
                                  << " of 10000 draws; first at word " << first << ": got 0x" << std::hex
                                  << static_cast<unsigned long long>(got[first]) << ", host 0x"
                                  << static_cast<unsigned long long>(want[first]);
    }
}

std::string shellQuote(const std::string& s) { return "'" + s + "'"; }

// ---------------------------------------------------------------------------------------------
// C++: the generated-code path of the CPU backend.

std::string cppProgram()
{
    std::ostringstream s;
    s << spikegen::rng::deviceSource(Dialect::Cpp) << "#define SG_GLOBAL\n"
      << rt::kDrawKernel << "#include <stdio.h>\n"
      << "static SG_U32 o32[" << rt::kElements * rt::kWords32 << "];\n"
      << "static SG_U64 o64[" << rt::kElements * rt::kWords64 << "];\n"
      << "int main(int argc, char** argv) {\n"
      << "    SG_U32 e;\n"
      << "    FILE* f;\n"
      << "    if (argc < 2) return 2;\n"
      << "    for (e = 0; e < " << rt::kElements << "u; ++e) sg_test_fill(" << rt::kKey0 << "u, " << rt::kKey1 << "u, "
      << rt::kStep << "ull, e, o32, o64);\n"
      << "    f = fopen(argv[1], \"wb\");\n"
      << "    if (!f) return 3;\n"
      << "    fwrite(o32, sizeof o32, 1, f);\n"
      << "    fwrite(o64, sizeof o64, 1, f);\n"
      << "    return fclose(f) == 0 ? 0 : 4;\n"
      << "}\n";
    return s.str();
}

struct CppFlavour {
    const char* name;
    std::string compiler;
    std::string flags;
};

std::vector<CppFlavour> cppFlavours()
{
    std::vector<CppFlavour> flavours;
    const std::string cxx = SPIKEGEN_RNG_TEST_CXX;
    // The CPU backend's flags; then unoptimised without -march; then as C (the text is a C subset).
    flavours.push_back({"c++ -O3 -march=native -ffp-contract=off", cxx, "-x c++ -std=c++17 -O3 -march=native -ffp-contract=off"});
    flavours.push_back({"c++ -O0", cxx, "-x c++ -std=c++17 -O0"});
    // GCC's default -ffp-contract=fast fuses across statements; the text has no fusable pair
    // whose fusion changes a result, so even these flags must agree.
    flavours.push_back({"c++ -O3 -march=native (contraction left on)", cxx, "-x c++ -std=c++17 -O3 -march=native"});
    if (std::system("cc --version > /dev/null 2>&1") == 0) {
        flavours.push_back({"cc -std=c99 -O2 -march=native -ffp-contract=off", "cc",
                            "-x c -std=c99 -O2 -march=native -ffp-contract=off"});
    }
    if (std::system("clang++ --version > /dev/null 2>&1") == 0) {
        flavours.push_back({"clang++ -O3 -march=native -ffp-contract=off", "clang++",
                            "-x c++ -std=c++17 -O3 -march=native -ffp-contract=off"});
    }
    return flavours;
}

TEST(RngDialect, CppGeneratedCodeMatchesHostBitForBit)
{
    const std::string cxx = SPIKEGEN_RNG_TEST_CXX;
    if (std::system((shellQuote(cxx) + " --version > /dev/null 2>&1").c_str()) != 0) {
        GTEST_SKIP() << "no C++ compiler at " << cxx;
    }
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("spikegen_rng_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path src = dir / "rng_draws.c";
    std::ofstream(src) << cppProgram();
    const rt::Draws want = rt::hostDraws();
    for (const CppFlavour& flavour : cppFlavours()) {
        SCOPED_TRACE(flavour.name);
        const fs::path exe = dir / "rng_draws", out = dir / "draws.bin";
        const std::string build = shellQuote(flavour.compiler) + " " + flavour.flags + " " + shellQuote(src.string()) +
                                  " -o " + shellQuote(exe.string()) + " -lm 2>&1";
        ASSERT_EQ(std::system(build.c_str()), 0) << build;
        ASSERT_EQ(std::system((shellQuote(exe.string()) + " " + shellQuote(out.string())).c_str()), 0);
        rt::Draws got;
        std::ifstream in(out, std::ios::binary);
        in.read(reinterpret_cast<char*>(got.words32.data()), got.words32.size() * 4);
        in.read(reinterpret_cast<char*>(got.words64.data()), got.words64.size() * 8);
        ASSERT_TRUE(in.good()) << "short output from " << flavour.name;
        expectSame(got.words32, want.words32, rt::kWords32, rt::kTransformNames32, rt::kTransforms32, flavour.name);
        expectSame(got.words64, want.words64, rt::kWords64, rt::kTransformNames64, rt::kTransforms64, flavour.name);
        fs::remove(exe);
        fs::remove(out);
    }
    fs::remove_all(dir);
}

TEST(RngDialect, SourcesCarryTheirPreludeAndOneText)
{
    const std::string body = spikegen::kRngDeviceSource;
    for (Dialect d : {Dialect::Cpp, Dialect::Cuda, Dialect::OpenCL}) {
        const std::string withDouble = spikegen::rng::deviceSource(d, true);
        const std::string withoutDouble = spikegen::rng::deviceSource(d, false);
        EXPECT_NE(withDouble.find(body), std::string::npos);
        // Deterministic mode's code-string maths follows, in both (its text is all double precision).
        EXPECT_GT(withDouble.find(spikegen::kMathsDeviceSource), withDouble.find(body));
        EXPECT_NE(withoutDouble.find(spikegen::kMathsDeviceSource), std::string::npos);
        EXPECT_NE(withDouble.find("#define SG_HAS_DOUBLE 1"), std::string::npos);
        EXPECT_NE(withoutDouble.find("#define SG_HAS_DOUBLE 0"), std::string::npos);
    }
    EXPECT_NE(spikegen::rng::deviceSource(Dialect::OpenCL).find("FP_CONTRACT OFF"), std::string::npos);
    EXPECT_NE(spikegen::rng::deviceSource(Dialect::OpenCL, true).find("cl_khr_fp64"), std::string::npos);
    EXPECT_EQ(spikegen::rng::deviceSource(Dialect::OpenCL, false).find("cl_khr_fp64"), std::string::npos);
    EXPECT_EQ(spikegen::rng::requiredCompileOptions(Dialect::Cpp), "-ffp-contract=off");
    EXPECT_EQ(spikegen::rng::requiredCompileOptions(Dialect::Cuda), "--fmad=false");
}

// ---------------------------------------------------------------------------------------------
// OpenCL: every device of every platform present (PoCL on CPUs, vendor GPU drivers).

#if SPIKEGEN_RNG_TEST_OPENCL

std::string clDeviceString(cl_device_id device, cl_device_info what)
{
    std::size_t size = 0;
    clGetDeviceInfo(device, what, 0, nullptr, &size);
    std::string s(size, '\0');
    clGetDeviceInfo(device, what, size, s.data(), nullptr);
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
}

void runOnOpenCLDevice(cl_platform_id platform, cl_device_id device, const rt::Draws& want)
{
    const std::string name = clDeviceString(device, CL_DEVICE_NAME);
    const bool fp64 = clDeviceString(device, CL_DEVICE_EXTENSIONS).find("cl_khr_fp64") != std::string::npos;
    SCOPED_TRACE("OpenCL device " + name + (fp64 ? " (fp64)" : " (no fp64)"));
    std::printf("OpenCL device: %s%s\n", name.c_str(), fp64 ? " (fp64)" : " (no fp64: float draws only)");
    cl_int err = CL_SUCCESS;
    const cl_context_properties props[] = {CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(platform), 0};
    cl_context context = clCreateContext(props, 1, &device, nullptr, nullptr, &err);
    ASSERT_EQ(err, CL_SUCCESS);
    cl_command_queue queue = clCreateCommandQueue(context, device, 0, &err);
    ASSERT_EQ(err, CL_SUCCESS);
    const std::string source = spikegen::rng::deviceSource(Dialect::OpenCL, fp64) + "#define SG_GLOBAL __global\n" +
                               rt::kDrawKernel +
                               "__kernel void sg_test_kernel(uint k0, uint k1, ulong step, uint n,\n"
                               "                             __global uint* o32, __global ulong* o64)\n"
                               "{\n"
                               "    uint e = (uint)get_global_id(0);\n"
                               "    if (e < n) sg_test_fill(k0, k1, step, e, o32, o64);\n"
                               "}\n";
    const char* text = source.c_str();
    cl_program program = clCreateProgramWithSource(context, 1, &text, nullptr, &err);
    ASSERT_EQ(err, CL_SUCCESS);
    err = clBuildProgram(program, 1, &device, "-cl-std=CL1.2", nullptr, nullptr);
    if (err != CL_SUCCESS) {
        std::size_t size = 0;
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
        std::string log(size, '\0');
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
        FAIL() << "clBuildProgram failed (" << err << "):\n" << log;
    }
    cl_kernel kernel = clCreateKernel(program, "sg_test_kernel", &err);
    ASSERT_EQ(err, CL_SUCCESS);
    rt::Draws got;
    cl_mem b32 = clCreateBuffer(context, CL_MEM_WRITE_ONLY, got.words32.size() * 4, nullptr, &err);
    ASSERT_EQ(err, CL_SUCCESS);
    cl_mem b64 = clCreateBuffer(context, CL_MEM_WRITE_ONLY, got.words64.size() * 8, nullptr, &err);
    ASSERT_EQ(err, CL_SUCCESS);
    const cl_uint k0 = rt::kKey0, k1 = rt::kKey1, n = rt::kElements;
    const cl_ulong step = rt::kStep;
    clSetKernelArg(kernel, 0, sizeof k0, &k0);
    clSetKernelArg(kernel, 1, sizeof k1, &k1);
    clSetKernelArg(kernel, 2, sizeof step, &step);
    clSetKernelArg(kernel, 3, sizeof n, &n);
    clSetKernelArg(kernel, 4, sizeof b32, &b32);
    clSetKernelArg(kernel, 5, sizeof b64, &b64);
    const std::size_t global = rt::kElements;
    ASSERT_EQ(clEnqueueNDRangeKernel(queue, kernel, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), CL_SUCCESS);
    ASSERT_EQ(clEnqueueReadBuffer(queue, b32, CL_TRUE, 0, got.words32.size() * 4, got.words32.data(), 0, nullptr,
                                  nullptr),
              CL_SUCCESS);
    ASSERT_EQ(clEnqueueReadBuffer(queue, b64, CL_TRUE, 0, got.words64.size() * 8, got.words64.data(), 0, nullptr,
                                  nullptr),
              CL_SUCCESS);
    expectSame(got.words32, want.words32, rt::kWords32, rt::kTransformNames32, rt::kTransforms32, "OpenCL " + name);
    if (fp64) {
        expectSame(got.words64, want.words64, rt::kWords64, rt::kTransformNames64, rt::kTransforms64, "OpenCL " + name);
    }
    clReleaseMemObject(b32);
    clReleaseMemObject(b64);
    clReleaseKernel(kernel);
    clReleaseProgram(program);
    clReleaseCommandQueue(queue);
    clReleaseContext(context);
}

TEST(RngDialect, OpenCLMatchesHostBitForBit)
{
    cl_uint platformCount = 0;
    if (clGetPlatformIDs(0, nullptr, &platformCount) != CL_SUCCESS || platformCount == 0) {
        GTEST_SKIP() << "no OpenCL platform present (install an ICD, e.g. pocl-opencl-icd)";
    }
    std::vector<cl_platform_id> platforms(platformCount);
    clGetPlatformIDs(platformCount, platforms.data(), nullptr);
    const rt::Draws want = rt::hostDraws();
    int devicesTested = 0;
    for (cl_platform_id platform : platforms) {
        cl_uint deviceCount = 0;
        if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &deviceCount) != CL_SUCCESS) continue;
        std::vector<cl_device_id> devices(deviceCount);
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, deviceCount, devices.data(), nullptr);
        for (cl_device_id device : devices) {
            runOnOpenCLDevice(platform, device, want);
            ++devicesTested;
        }
    }
    if (devicesTested == 0) GTEST_SKIP() << "OpenCL platforms present but no device";
}

#else
TEST(RngDialect, OpenCLMatchesHostBitForBit)
{
    GTEST_SKIP() << "built without OpenCL (find_package(OpenCL) found nothing)";
}
#endif

// ---------------------------------------------------------------------------------------------
// CUDA: NVRTC compiles the text for compute_90 (no GPU needed); with a GPU and driver, runs it.

#if SPIKEGEN_RNG_TEST_NVRTC

std::string cudaSource()
{
    return spikegen::rng::deviceSource(Dialect::Cuda) + "#define SG_GLOBAL\n" + rt::kDrawKernel +
           "extern \"C\" __global__ void sg_test_kernel(unsigned int k0, unsigned int k1, unsigned long long step,\n"
           "    unsigned int n, unsigned int* o32, unsigned long long* o64)\n"
           "{\n"
           "    unsigned int e = blockIdx.x * blockDim.x + threadIdx.x;\n"
           "    if (e < n) sg_test_fill(k0, k1, step, e, o32, o64);\n"
           "}\n";
}

// Compiles to PTX (arch "compute_XX") or cubin (arch "sm_XX"); fails the test with the log.
std::string nvrtcCompile(const std::string& arch, bool cubin)
{
    const std::string source = cudaSource();
    nvrtcProgram program;
    EXPECT_EQ(nvrtcCreateProgram(&program, source.c_str(), "spikegen_rng.cu", 0, nullptr, nullptr), NVRTC_SUCCESS);
    const std::string archOption = "--gpu-architecture=" + arch;
    const char* options[] = {archOption.c_str(), "--fmad=false", "--std=c++17"};
    const nvrtcResult result = nvrtcCompileProgram(program, 3, options);
    std::size_t logSize = 0;
    nvrtcGetProgramLogSize(program, &logSize);
    std::string log(logSize, '\0');
    nvrtcGetProgramLog(program, log.data());
    EXPECT_EQ(result, NVRTC_SUCCESS) << nvrtcGetErrorString(result) << "\n" << log;
    std::string code;
    if (result == NVRTC_SUCCESS) {
        std::size_t size = 0;
        if (cubin) {
            nvrtcGetCUBINSize(program, &size);
            code.resize(size);
            nvrtcGetCUBIN(program, code.data());
        } else {
            nvrtcGetPTXSize(program, &size);
            code.resize(size);
            nvrtcGetPTX(program, code.data());
        }
    }
    nvrtcDestroyProgram(&program);
    return code;
}

TEST(RngDialect, CudaCompilesWithNvrtc)
{
    const std::string ptx = nvrtcCompile("compute_90", false);
    EXPECT_NE(ptx.find("sg_test_kernel"), std::string::npos);
    // --fmad=false: the only fused multiply-adds left are the explicit __fmaf_rn/__fma_rn ones,
    // which PTX writes as fma.rn; a contraction would show as mad/fma without .rn in the PTX.
    EXPECT_EQ(ptx.find("mad.f32"), std::string::npos);
    EXPECT_NE(ptx.find("fma.rn.f32"), std::string::npos);
    EXPECT_NE(ptx.find("fma.rn.f64"), std::string::npos);
}

// The CUDA driver API, loaded at run time so that the tests run on machines without a driver.
struct CudaDriver {
    using CUresult = int;
    void* lib = dlopen("libcuda.so.1", RTLD_NOW);
    CUresult (*cuInit)(unsigned) = nullptr;
    CUresult (*cuDeviceGetCount)(int*) = nullptr;
    CUresult (*cuDeviceGet)(int*, int) = nullptr;
    CUresult (*cuDeviceGetAttribute)(int*, int, int) = nullptr;
    CUresult (*cuCtxCreate)(void**, unsigned, int) = nullptr;
    CUresult (*cuCtxDestroy)(void*) = nullptr;
    CUresult (*cuModuleLoadData)(void**, const void*) = nullptr;
    CUresult (*cuModuleGetFunction)(void**, void*, const char*) = nullptr;
    CUresult (*cuMemAlloc)(unsigned long long*, std::size_t) = nullptr;
    CUresult (*cuMemFree)(unsigned long long) = nullptr;
    CUresult (*cuMemcpyDtoH)(void*, unsigned long long, std::size_t) = nullptr;
    CUresult (*cuLaunchKernel)(void*, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, void*,
                               void**, void**) = nullptr;
    CUresult (*cuCtxSynchronize)() = nullptr;

    template <typename F>
    void load(F& f, const char* name)
    {
        f = reinterpret_cast<F>(dlsym(lib, name));
    }
    CudaDriver()
    {
        if (!lib) return;
        load(cuInit, "cuInit");
        load(cuDeviceGetCount, "cuDeviceGetCount");
        load(cuDeviceGet, "cuDeviceGet");
        load(cuDeviceGetAttribute, "cuDeviceGetAttribute");
        load(cuCtxCreate, "cuCtxCreate_v2");
        load(cuCtxDestroy, "cuCtxDestroy_v2");
        load(cuModuleLoadData, "cuModuleLoadData");
        load(cuModuleGetFunction, "cuModuleGetFunction");
        load(cuMemAlloc, "cuMemAlloc_v2");
        load(cuMemFree, "cuMemFree_v2");
        load(cuMemcpyDtoH, "cuMemcpyDtoH_v2");
        load(cuLaunchKernel, "cuLaunchKernel");
        load(cuCtxSynchronize, "cuCtxSynchronize");
    }
    ~CudaDriver()
    {
        if (lib) dlclose(lib);
    }
    bool complete() const
    {
        return lib && cuInit && cuDeviceGetCount && cuDeviceGet && cuDeviceGetAttribute && cuCtxCreate &&
               cuCtxDestroy && cuModuleLoadData && cuModuleGetFunction && cuMemAlloc && cuMemFree && cuMemcpyDtoH &&
               cuLaunchKernel && cuCtxSynchronize;
    }
};

TEST(RngDialect, CudaMatchesHostBitForBitOnGpu)
{
    CudaDriver cu;
    int count = 0;
    if (!cu.complete() || cu.cuInit(0) != 0 || cu.cuDeviceGetCount(&count) != 0 || count == 0) {
        GTEST_SKIP() << "no CUDA driver or GPU: NVRTC compile checked by CudaCompilesWithNvrtc only";
    }
    int device = 0, major = 0, minor = 0;
    ASSERT_EQ(cu.cuDeviceGet(&device, 0), 0);
    cu.cuDeviceGetAttribute(&major, 75, device); // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
    cu.cuDeviceGetAttribute(&minor, 76, device); // ..._MINOR
    const std::string cubin = nvrtcCompile("sm_" + std::to_string(major * 10 + minor), true);
    ASSERT_FALSE(cubin.empty());
    void* context = nullptr;
    ASSERT_EQ(cu.cuCtxCreate(&context, 0, device), 0);
    void* module = nullptr;
    ASSERT_EQ(cu.cuModuleLoadData(&module, cubin.data()), 0);
    void* function = nullptr;
    ASSERT_EQ(cu.cuModuleGetFunction(&function, module, "sg_test_kernel"), 0);
    rt::Draws got;
    unsigned long long d32 = 0, d64 = 0;
    ASSERT_EQ(cu.cuMemAlloc(&d32, got.words32.size() * 4), 0);
    ASSERT_EQ(cu.cuMemAlloc(&d64, got.words64.size() * 8), 0);
    unsigned k0 = rt::kKey0, k1 = rt::kKey1, n = rt::kElements;
    unsigned long long step = rt::kStep;
    void* args[] = {&k0, &k1, &step, &n, &d32, &d64};
    ASSERT_EQ(cu.cuLaunchKernel(function, (n + 127) / 128, 1, 1, 128, 1, 1, 0, nullptr, args, nullptr), 0);
    ASSERT_EQ(cu.cuCtxSynchronize(), 0);
    ASSERT_EQ(cu.cuMemcpyDtoH(got.words32.data(), d32, got.words32.size() * 4), 0);
    ASSERT_EQ(cu.cuMemcpyDtoH(got.words64.data(), d64, got.words64.size() * 8), 0);
    cu.cuMemFree(d32);
    cu.cuMemFree(d64);
    cu.cuCtxDestroy(context);
    std::printf("CUDA device sm_%d%d\n", major, minor);
    const rt::Draws want = rt::hostDraws();
    expectSame(got.words32, want.words32, rt::kWords32, rt::kTransformNames32, rt::kTransforms32, "CUDA");
    expectSame(got.words64, want.words64, rt::kWords64, rt::kTransformNames64, rt::kTransforms64, "CUDA");
}

#else
TEST(RngDialect, CudaCompilesWithNvrtc)
{
    GTEST_SKIP() << "built without NVRTC (no CUDA::nvrtc target)";
}
#endif

} // namespace
