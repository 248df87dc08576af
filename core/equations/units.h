// Unit checking of equations (core/equations/units.cpp says what is known and what is checked).
#pragma once
#include "core/equations/equations.h"
#include "core/equations/symbolic.h"

#include <array>
#include <optional>

namespace spikegen::equations {

// The dimension (exponents of volt, ampere, second) of a unit annotation such as "mV", "nA",
// "uS", "mV/ms", "pF", "Hz", "1" or "volt**2"; nothing for text that is not a unit.
std::optional<std::array<int, 3>> parseUnit(const std::string& text);

// Checks each equation's right-hand side (before subexpressions are substituted) against the
// units annotated in the equations; throws lang::CodeError at the right-hand side of the first
// mismatch.
void checkUnits(const std::vector<Equation>& equations, const std::vector<Sym>& rightHandSides,
                const lang::SourceRef& where);

} // namespace spikegen::equations
