// spikegen::Error becomes spikegen.Error, a subclass of both ValueError and RuntimeError (bad input
// and failed operations share one C++ type); io::ModelFileError becomes spikegen.ModelFileError
// with the JSON path as `path`. Messages are the C++ ones.
#include "bindings.h"

#include "core/error.h"
#include "core/io/json_paths.h"

namespace spikegen::python {
namespace {

PyObject* errorType = nullptr;
PyObject* modelFileErrorType = nullptr;

} // namespace

void bindErrors(nb::module_& m)
{
    nb::object bases = nb::make_tuple(nb::handle(PyExc_ValueError), nb::handle(PyExc_RuntimeError));
    errorType = PyErr_NewExceptionWithDoc("spikegen.Error",
                                          "An error of spikegen: bad input (a name, a value, a model file) or a "
                                          "failed operation (compiling, running, a missing device). A ValueError "
                                          "and a RuntimeError.",
                                          bases.ptr(), nullptr);
    modelFileErrorType = PyErr_NewExceptionWithDoc("spikegen.ModelFileError",
                                                   "An error in a JSON model file; `path` is the JSON Pointer of the "
                                                   "element at fault.",
                                                   errorType, nullptr);
    m.attr("Error") = nb::handle(errorType);
    m.attr("ModelFileError") = nb::handle(modelFileErrorType);
    nb::register_exception_translator([](const std::exception_ptr& p, void*) {
        try {
            std::rethrow_exception(p);
        } catch (const io::ModelFileError& e) {
            nb::object error = nb::steal(PyObject_CallFunction(modelFileErrorType, "s", e.what()));
            if (!error.is_valid())
                return; // the call set its own error
            nb::setattr(error, "path", nb::str(e.path().c_str()));
            PyErr_SetObject(modelFileErrorType, error.ptr());
        } catch (const Error& e) {
            PyErr_SetString(errorType, e.what());
        }
    });
}

} // namespace spikegen::python
