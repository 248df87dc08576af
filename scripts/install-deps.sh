#!/usr/bin/env bash
# Installs the Debian packages spikegen builds and tests with; does nothing when all are present.
# The CUDA toolkit (nvcc, NVRTC) is not a Debian package here: the CUDA backend is built when
# CMake finds it, and skipped otherwise.
set -euo pipefail
packages=(cmake ninja-build g++ libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libcli11-dev
          nlohmann-json3-dev pocl-opencl-icd ocl-icd-opencl-dev opencl-clhpp-headers clinfo libclblast-dev
          python3-numpy python3-matplotlib
          python3-venv python3-dev ccache libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi
