// Merged groups: generated code that is written once per group (the count pass of each
// projection, its propagation, ...) is usually the same text for many groups but for a few
// numbers and buffer names. mergeBodies finds the bodies of one structure, so that a backend can
// write their code once, as a function taking what differs as arguments, and each group calls it.
// A compiler then optimises one body instead of one per group: the microcircuit's 55 projections
// took NVRTC tens of seconds before (benchmarks/NOTES.md, Version 10).
//
// The comparison is on the generated text, token by token, so it needs nothing from the emitters
// and cannot merge what they wrote differently. Two bodies have one structure when their tokens,
// comments set aside, are the same except where both hold
//   - a numeric literal whose C type the literal itself says (123u, 0x1Fu, 12, 0.5f, 0.25), outside
//     places that need a constant (#pragma lines, array sizes in declarations), or
//   - the name of a buffer (a key of `pointerTypes`) of the same pointer type.
// Each position where the members differ becomes a parameter of that type (positions with the same
// values in every member share one), so a member's call passes its own literal or buffer: the code
// runs on the same values with the same types, and gives the same bits.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace spikegen {

struct MergedParameter {
    std::string type;                   // "unsigned", "float", ... or a value of pointerTypes
    std::string name;                   // sg_m_c0, sg_m_row_start, ...
    bool pointer = false;               // a buffer (its argument is a buffer's name)
    std::vector<std::string> arguments; // per member, in MergedBody::members order
};

struct MergedBody {
    std::vector<std::size_t> members;        // indices into the bodies given, ascending
    std::vector<MergedParameter> parameters; // none when the members are one
    // Buffers the text names itself (the same in every member), in order of first use.
    std::vector<std::string> commonPointers;
    // No two pointers a member's code sees (parameters and commonPointers) are one buffer, so that
    // the pointer parameters may be declared restrict.
    bool distinctPointers = true;
    // The first member's text, each token that differs between members replaced by its parameter;
    // line for line the same as the first member's (comments included: they name the first member).
    std::string text;
};

// Buckets `bodies` by structure, in order of each bucket's first member.
std::vector<MergedBody> mergeBodies(const std::vector<std::string>& bodies,
                                    const std::map<std::string, std::string>& pointerTypes);

// The C type of a numeric literal that may become a parameter ("" if it may not): "unsigned",
// "int", "uint64_t", "float" or "double", as its suffix and value make it.
std::string literalType(const std::string& literal);

} // namespace spikegen
