// Finding OpenCL devices and choosing one. A selector is empty (the first GPU, else the first
// device), an index into the flat list that `spikegen devices` prints ("1"), a platform:device
// pair ("0:1"), or a case-insensitive substring of "<platform> <device>" ("nvidia", "pthread").
// When none is given through the API, $SPIKEGEN_OPENCL_DEVICE is used.
#pragma once
#include "backends/opencl/cl_check.h"

#include <string>
#include <vector>

namespace spikegen::opencl {

struct DeviceInfo {
    unsigned platformIndex = 0, deviceIndex = 0; // position in clGetPlatformIDs / clGetDeviceIDs
    std::string platformName, deviceName, deviceVersion, driverVersion, extensions;
    bool gpu = false;
    cl_platform_id platform = nullptr;
    cl_device_id device = nullptr;
};

// Every device of every platform. No platform at all is an empty list, not an error: the error
// comes from selectDevice, which knows what was asked for.
std::vector<DeviceInfo> enumerateDevices();

// The device `selector` names in `devices` (see the header comment); throws spikegen::Error that
// lists the devices there are when none matches or the list is empty.
const DeviceInfo& selectDevice(const std::vector<DeviceInfo>& devices, const std::string& selector);

// The selector in effect: `requested` if not empty, else $SPIKEGEN_OPENCL_DEVICE, else "".
std::string effectiveSelector(const std::string& requested);

// One line per device: "<flat index>  <platform>:<device>  <platform name> / <device name> (<version>)".
std::string describeDevices(const std::vector<DeviceInfo>& devices);

} // namespace spikegen::opencl
