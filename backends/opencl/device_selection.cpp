#include "backends/opencl/device_selection.h"

#include "core/error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>

namespace spikegen::opencl {
namespace {

std::string platformString(cl_platform_id platform, cl_platform_info what)
{
    std::size_t size = 0;
    if (clGetPlatformInfo(platform, what, 0, nullptr, &size) != CL_SUCCESS || size == 0)
        return "";
    std::string text(size, '\0');
    clGetPlatformInfo(platform, what, size, text.data(), nullptr);
    text.resize(text.find('\0') == std::string::npos ? size : text.find('\0'));
    return text;
}

std::string deviceString(cl_device_id device, cl_device_info what)
{
    std::size_t size = 0;
    if (clGetDeviceInfo(device, what, 0, nullptr, &size) != CL_SUCCESS || size == 0)
        return "";
    std::string text(size, '\0');
    clGetDeviceInfo(device, what, size, text.data(), nullptr);
    text.resize(text.find('\0') == std::string::npos ? size : text.find('\0'));
    return text;
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace

std::vector<DeviceInfo> enumerateDevices()
{
    cl_uint count = 0;
    // The ICD loader answers CL_PLATFORM_NOT_FOUND_KHR when no vendor is installed: no devices.
    if (clGetPlatformIDs(0, nullptr, &count) != CL_SUCCESS || count == 0)
        return {};
    std::vector<cl_platform_id> platforms(count);
    check(clGetPlatformIDs(count, platforms.data(), nullptr), "clGetPlatformIDs");
    std::vector<DeviceInfo> devices;
    for (cl_uint p = 0; p < count; ++p) {
        cl_uint deviceCount = 0;
        // A platform without devices (CL_DEVICE_NOT_FOUND) is listed by nobody and skipped.
        if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, nullptr, &deviceCount) != CL_SUCCESS)
            continue;
        std::vector<cl_device_id> ids(deviceCount);
        check(clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, deviceCount, ids.data(), nullptr), "clGetDeviceIDs");
        for (cl_uint d = 0; d < deviceCount; ++d) {
            DeviceInfo info;
            info.platformIndex = p;
            info.deviceIndex = d;
            info.platform = platforms[p];
            info.device = ids[d];
            info.platformName = platformString(platforms[p], CL_PLATFORM_NAME);
            info.deviceName = deviceString(ids[d], CL_DEVICE_NAME);
            info.deviceVersion = deviceString(ids[d], CL_DEVICE_VERSION);
            info.driverVersion = deviceString(ids[d], CL_DRIVER_VERSION);
            info.extensions = deviceString(ids[d], CL_DEVICE_EXTENSIONS);
            cl_device_type type = 0;
            clGetDeviceInfo(ids[d], CL_DEVICE_TYPE, sizeof type, &type, nullptr);
            info.gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
            devices.push_back(std::move(info));
        }
    }
    return devices;
}

std::string describeDevices(const std::vector<DeviceInfo>& devices)
{
    std::string text;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const DeviceInfo& d = devices[i];
        text += std::to_string(i) + "  " + std::to_string(d.platformIndex) + ":" + std::to_string(d.deviceIndex) +
                "  " + d.platformName + " / " + d.deviceName + " (" + d.deviceVersion + (d.gpu ? ", GPU" : "") +
                ")\n";
    }
    return text;
}

std::string effectiveSelector(const std::string& requested)
{
    if (!requested.empty())
        return requested;
    const char* env = std::getenv("SPIKEGEN_OPENCL_DEVICE");
    return env ? env : "";
}

const DeviceInfo& selectDevice(const std::vector<DeviceInfo>& devices, const std::string& selector)
{
    if (devices.empty())
        throw Error("OpenCL: no OpenCL platform with a device was found (is an ICD such as pocl-opencl-icd installed, "
                    "and does OCL_ICD_VENDORS point at its .icd files?)");
    if (selector.empty()) {
        for (const auto& d : devices)
            if (d.gpu)
                return d;
        return devices.front();
    }
    std::smatch m;
    if (std::regex_match(selector, m, std::regex(R"(\s*(\d+)\s*)"))) {
        const unsigned long index = std::stoul(m[1]);
        if (index < devices.size())
            return devices[index];
    } else if (std::regex_match(selector, m, std::regex(R"(\s*(\d+)\s*:\s*(\d+)\s*)"))) {
        for (const auto& d : devices)
            if (d.platformIndex == std::stoul(m[1]) && d.deviceIndex == std::stoul(m[2]))
                return d;
    } else {
        const std::string wanted = lower(selector);
        for (const auto& d : devices)
            if (lower(d.platformName + " " + d.deviceName).find(wanted) != std::string::npos)
                return d;
    }
    throw Error("OpenCL: no device matches '" + selector +
                "' (give an index, platform:device, or part of the name); the devices are:\n" +
                describeDevices(devices));
}

} // namespace spikegen::opencl
