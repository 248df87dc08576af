"""spikegen: describe a spiking neural network once, generate and run it on CPUs (OpenMP),
NVIDIA GPUs (CUDA) or any OpenCL device, with numpy arrays in and out.

    import spikegen as sg
    net = sg.standard_network("coba")
    sim = sg.Simulation(net, backend="cpu")
    sim.initialize()
    sim.run_for(1000.0)
    times, ids = sim.spikes("E")

docs/python.md is the tutorial and the map between the Python and C++ APIs.
"""

from ._spikegen import (  # noqa: F401  (the public API)
    Compartment,
    CompartmentEvent,
    Connectivity,
    ConnectivitySnippet,
    CurrentSource,
    CurrentSourceModel,
    Coupling,
    DerivedParam,
    Error,
    ModelFileError,
    Network,
    NeuronGroup,
    NeuronModel,
    ParamCheck,
    Postsynaptic,
    PostsynapticModel,
    Simulation,
    SynapseGroup,
    Var,
    VarInit,
    VarInitSnippet,
    WeightUpdate,
    WeightUpdateModel,
    __version__,
    backends,
    default_backend,
    devices,
    has_mpi,
    init,
    mpi_rank,
    mpi_ranks,
    models,
    read_model,
    read_model_file,
    set_log_level,
    standard_network,
    standard_networks,
    sweep,
    validate_model_file,
    write_model,
    write_model_file,
)

__all__ = [name for name in dir() if not name.startswith("_")]
