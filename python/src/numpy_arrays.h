// numpy arrays that own a vector's data, shared by the bindings that return them.
#pragma once
#include "bindings.h"

#include <nanobind/ndarray.h>

#include <vector>

namespace spikegen::python {

using Array = nb::ndarray<nb::numpy>;

// A 1-D numpy array that owns `values`.
template <class T>
Array toNumpy(std::vector<T> values)
{
    auto* owned = new std::vector<T>(std::move(values));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
    const std::size_t shape[1] = {owned->size()};
    return Array(owned->data(), 1, shape, owner, nullptr, nb::dtype<T>());
}

} // namespace spikegen::python
