// Printer of the code-string language: maths names per dialect, exact literals, parentheses
// and the layout of printed statements.
#include "core/lang/builtins.h"
#include "core/lang/code.h"
#include "core/lang/lexer.h"
#include "core/lang/printer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

using namespace spikegen::lang;

namespace {

const SourceRef kWhere{"LIF", "sim code"};

const Scope& scope()
{
    static const Scope s = [] {
        Scope s;
        s.add(Variable{"V", Type::Float, true, "l_V"});
        s.add(Variable{"I", Type::Double, true, "l_I"});
        s.add(Variable{"n", Type::Int, true, "l_n"});
        s.add(Variable{"count", Type::Unsigned, true, "d_count[id]"});
        s.add(Variable{"g", Type::Float, false, "p_a + p_b"}); // not a primary expression
        s.add(Function{"uniform", {}, Type::Float, [](const auto&) { return "sg_uniform(&rng)"; }});
        s.add(Function{"addToPostDelay", {Type::Float, Type::Unsigned}, std::nullopt,
                       [](const auto& a) { return "sg_post_delay(" + a[0] + ", " + a[1] + ")"; }});
        s.add(Function{"noisy", {}, Type::Float, [](const auto&) { return "a * b"; }});
        return s;
    }();
    return s;
}

std::string print(std::string_view source, Dialect dialect, Type scalar = Type::Float)
{
    return compileStatements(source, scope(), kWhere, Options{scalar}).printText(dialect);
}

std::string expr(std::string_view source, Dialect dialect = Dialect::Cpp, Type scalar = Type::Float)
{
    return compileExpression(source, scope(), kWhere, Type::Double, Options{scalar})
        .print(dialect)
        .at(0)
        .text;
}

} // namespace

TEST(LangPrinter, FloatMathsHasSuffixInCppAndCudaOverloadInOpenCL)
{
    const char* source = "V = exp(V) + sqrt(V) + fabs(V) + fmin(V, 1.0f) + pow(V, 2.0f) + atan2(V, V);";
    const char* suffixed =
        "l_V = sg_exp_f(l_V) + sqrtf(l_V) + fabsf(l_V) + fminf(l_V, 1.0f) + powf(l_V, 2.0f) + atan2f(l_V, l_V);\n";
    EXPECT_EQ(print(source, Dialect::Cpp), suffixed);
    EXPECT_EQ(print(source, Dialect::Cuda), suffixed);
    EXPECT_EQ(print(source, Dialect::OpenCL),
              "l_V = sg_exp_f(l_V) + sqrt(l_V) + fabs(l_V) + fmin(l_V, 1.0f) + pow(l_V, 2.0f) + atan2(l_V, l_V);\n");
}

TEST(LangPrinter, DoubleArgumentSelectsDoubleMaths)
{
    for (Dialect d : {Dialect::Cpp, Dialect::Cuda, Dialect::OpenCL}) {
        EXPECT_EQ(print("I = exp(I);", d), "l_I = sg_exp_d(l_I);\n");
        // One double argument makes the call double; the float argument is converted.
        EXPECT_EQ(print("I = pow(V, I);", d), "l_I = pow((double)(l_V), l_I);\n");
    }
}

// Deterministic mode: every function whose last bits differ between maths libraries prints
// spikegen's own (core/rng/maths_device.inc) in every dialect; exact ones stay the platform's.
TEST(LangPrinter, DeterministicMathsPrintsOwnFunctions)
{
    Options deterministic{Type::Float};
    deterministic.deterministicMaths = true;
    const char* source = "V = sin(V) + pow(V, 2.0f) + atan2(V, V) + erfc(V) + log(V) + log1p(V) + exp2(V) + "
                         "sqrt(V) + fabs(V) + floor(V) + fmod(V, 2.0f) + fma(V, V, V) + exp(V);";
    for (Dialect d : {Dialect::Cpp, Dialect::Cuda, Dialect::OpenCL}) {
        const std::string text = compileStatements(source, scope(), kWhere, deterministic).printText(d);
        EXPECT_NE(text.find("sg_sin_f(l_V) + sg_pow_f(l_V, 2.0f) + sg_atan2_f(l_V, l_V) + sg_erfc_f(l_V) + "
                            "sg_log_f(l_V) + sg_log1p_f(l_V) + sg_exp2_f(l_V)"),
                  std::string::npos)
            << text;
        EXPECT_EQ(text.find("sg_sqrt"), std::string::npos) << text;
        EXPECT_EQ(text.find("sg_floor"), std::string::npos) << text;
        EXPECT_EQ(text.find("sg_fmod"), std::string::npos) << text;
        EXPECT_NE(text.find("sg_exp_f(l_V)"), std::string::npos) << text;
        EXPECT_EQ(compileStatements("I = tanh(I) + hypot(I, V);", scope(), kWhere, deterministic).printText(d),
                  "l_I = sg_tanh_d(l_I) + sg_hypot_d(l_I, (double)(l_V));\n");
    }
    // Every function of the list, and only those, in both precisions.
    const std::vector<std::string> own = {"log",  "log1p", "exp2",  "log2", "log10", "cbrt", "pow",
                                          "sin",  "cos",   "tan",   "asin", "acos",  "atan", "atan2",
                                          "sinh", "cosh",  "tanh",  "hypot", "erf",  "erfc"};
    for (const std::string& name : builtinNames()) {
        const BuiltinFunction& f = builtin(findBuiltin(name));
        const bool listed = std::find(own.begin(), own.end(), name) != own.end();
        EXPECT_EQ(usesOwnMaths(f, Type::Float), listed) << name;
        EXPECT_EQ(usesOwnMaths(f, Type::Double), listed) << name;
    }
    EXPECT_EQ(ownFloatMathsNeedingDouble().size(), own.size() - 2); // float log and log1p are float
}

TEST(LangPrinter, IntegerArgumentsPromoteToScalar)
{
    EXPECT_EQ(print("V = exp(n);", Dialect::Cpp), "l_V = sg_exp_f((float)(l_n));\n");
    EXPECT_EQ(print("V = exp(2);", Dialect::Cuda), "l_V = sg_exp_f(2.0f);\n");
    EXPECT_EQ(print("I = exp(2);", Dialect::Cpp, Type::Double), "l_I = sg_exp_d(2.0);\n");
    EXPECT_EQ(print("I = exp(n);", Dialect::OpenCL, Type::Double), "l_I = sg_exp_d((double)(l_n));\n");
}

TEST(LangPrinter, MinMaxAbsPerDialect)
{
    EXPECT_EQ(print("n = min(n, 3) + max(n, 1) + abs(n);", Dialect::Cpp),
              "l_n = std::min(l_n, 3) + std::max(l_n, 1) + std::abs(l_n);\n");
    EXPECT_EQ(print("n = min(n, 3) + max(n, 1) + abs(n);", Dialect::Cuda),
              "l_n = min(l_n, 3) + max(l_n, 1) + abs(l_n);\n");
    EXPECT_EQ(print("n = min(n, 3) + max(n, 1) + abs(n);", Dialect::OpenCL),
              "l_n = min(l_n, 3) + max(l_n, 1) + ((int)abs(l_n));\n");
    // Mixed integer types convert to the common type so that std::min deduces one type.
    EXPECT_EQ(print("count = min(count, n);", Dialect::Cpp),
              "d_count[id] = std::min(d_count[id], (unsigned int)(l_n));\n");
    // Floating arguments use fmin/fmax/fabs.
    EXPECT_EQ(print("V = min(V, 2) + abs(V);", Dialect::Cpp), "l_V = fminf(l_V, 2.0f) + fabsf(l_V);\n");
    EXPECT_EQ(print("V = max(V, 2) + abs(V);", Dialect::OpenCL), "l_V = fmax(l_V, 2.0f) + fabs(l_V);\n");
}

TEST(LangPrinter, ClassificationFunctionsKeepTheirName)
{
    for (Dialect d : {Dialect::Cpp, Dialect::Cuda, Dialect::OpenCL})
        EXPECT_EQ(print("if (isnan(V) || isinf(I)) V = 0;", d),
                  "if (isnan(l_V) || isinf(l_I)) {\n    l_V = 0.0f;\n}\n");
}

TEST(LangPrinter, ScopeFunctionsPrintThroughEmitWithConversions)
{
    EXPECT_EQ(print("addToPostDelay(n, 3);", Dialect::Cpp), "sg_post_delay((float)(l_n), 3u);\n");
    EXPECT_EQ(print("addToPostDelay(V * 2, n);", Dialect::OpenCL),
              "sg_post_delay(l_V * 2, (unsigned int)(l_n));\n");
    EXPECT_EQ(print("V = 2 * uniform();", Dialect::Cuda), "l_V = 2 * sg_uniform(&rng);\n");
}

TEST(LangPrinter, GeneratedTextThatIsNotPrimaryIsParenthesised)
{
    EXPECT_EQ(expr("2 * g"), "(double)(2 * (p_a + p_b))");
    EXPECT_EQ(expr("-noisy()"), "(double)(-(a * b))");
    EXPECT_EQ(expr("count * 2u"), "(double)(d_count[id] * 2u)");
}

TEST(LangPrinter, LiteralsAreExactAndKeepTheirType)
{
    EXPECT_EQ(printLiteral(Type::Float, 0, 1.0), "1.0f");
    EXPECT_EQ(printLiteral(Type::Float, 0, double(0.1f)), "0.1f");
    EXPECT_EQ(printLiteral(Type::Float, 0, 1e20), "1e+20f");
    EXPECT_EQ(printLiteral(Type::Float, 0, 100000.0), "100000.0f");
    EXPECT_EQ(printLiteral(Type::Float, 0, double(3.4028235e38f)), "3.4028235e+38f");
    EXPECT_EQ(printLiteral(Type::Double, 0, 0.1), "0.1");
    EXPECT_EQ(printLiteral(Type::Double, 0, 1.0 / 3.0), "0.3333333333333333");
    EXPECT_EQ(printLiteral(Type::Double, 0, 2.0), "2.0");
    EXPECT_EQ(printLiteral(Type::Double, 0, 5e-324), "5e-324");
    EXPECT_EQ(printLiteral(Type::Int, 42, 0), "42");
    EXPECT_EQ(printLiteral(Type::Unsigned, 4294967295u, 0), "4294967295u");
    EXPECT_EQ(printLiteral(Type::Bool, 1, 0), "true");
    EXPECT_EQ(print("V = 1e-3;", Dialect::Cpp), "l_V = 0.001f;\n");
    EXPECT_EQ(print("I = 1e-3;", Dialect::Cpp, Type::Double), "l_I = 0.001;\n");
    // A float literal widened to double keeps the float's value, exactly, as C would.
    EXPECT_EQ(print("I = 0.1f;", Dialect::Cpp, Type::Double), "l_I = 0.10000000149011612;\n");
    EXPECT_EQ(print("n = 0x1F;", Dialect::Cpp), "l_n = 31;\n");
}

TEST(LangPrinter, FloatLiteralsRoundTripThroughTheLexer)
{
    std::mt19937 random(12345);
    for (int i = 0; i < 20000; ++i) {
        const float f = std::bit_cast<float>(static_cast<std::uint32_t>(random()));
        if (!std::isfinite(f) || f < 0 || (f != 0 && std::fabs(f) < 1.2e-38f)) continue;
        const std::string text = printLiteral(Type::Float, 0, f);
        const Token token = lex(text, kWhere, Type::Double).at(0);
        ASSERT_EQ(token.type, Type::Float) << text;
        ASSERT_EQ(float(token.floatValue), f) << text;
        ASSERT_EQ(std::strtof(text.c_str(), nullptr), f) << text; // and through C itself
    }
}

TEST(LangPrinter, DoubleLiteralsRoundTripThroughTheLexer)
{
    std::mt19937_64 random(6789);
    for (int i = 0; i < 20000; ++i) {
        const double d = std::bit_cast<double>(static_cast<std::uint64_t>(random()));
        if (!std::isfinite(d) || d < 0 || (d != 0 && d < 2.3e-308)) continue;
        const std::string text = printLiteral(Type::Double, 0, d);
        const Token token = lex(text, kWhere, Type::Double).at(0);
        ASSERT_EQ(token.type, Type::Double) << text;
        ASSERT_EQ(token.floatValue, d) << text;
        ASSERT_EQ(std::strtod(text.c_str(), nullptr), d) << text;
    }
}

TEST(LangPrinter, ParenthesesFollowPrecedence)
{
    EXPECT_EQ(print("V = (V + 1) * 2 - (V - (V - 1)) - V - V / (V * V);", Dialect::Cpp),
              "l_V = (l_V + 1) * 2 - (l_V - (l_V - 1)) - l_V - l_V / (l_V * l_V);\n");
    EXPECT_EQ(print("n = -(-n) + -(--n) + !n + ~n + (int)(V + 1);", Dialect::Cpp),
              "l_n = -(-l_n) + -(--l_n) + !l_n + ~l_n + (int)(l_V + 1);\n");
    EXPECT_EQ(print("n = n = n + 1;", Dialect::Cpp), "l_n = l_n = l_n + 1;\n");
    EXPECT_EQ(print("V = n > 0 ? V : n < 0 ? -V : 0;", Dialect::Cpp),
              "l_V = l_n > 0 ? l_V : l_n < 0 ? -l_V : 0;\n");
    EXPECT_EQ(print("V = (n > 0 ? V : 1) * 2;", Dialect::Cpp), "l_V = (l_n > 0 ? l_V : 1) * 2;\n");
}

TEST(LangPrinter, MixedOperatorsGetReadableParentheses)
{
    EXPECT_EQ(print("n = n & 1 | n << 2 + 1;", Dialect::Cpp), "l_n = (l_n & 1) | (l_n << (2 + 1));\n");
    EXPECT_EQ(print("if (V > 0 && n < 2 || n == 3) n++;", Dialect::Cpp),
              "if ((l_V > 0 && l_n < 2) || l_n == 3) {\n    l_n++;\n}\n");
    EXPECT_EQ(print("if ((n < 2) == (V > 1)) n--;", Dialect::Cpp),
              "if ((l_n < 2) == (l_V > 1)) {\n    l_n--;\n}\n");
    EXPECT_EQ(print("if (V + 1 < n * 2) n--;", Dialect::Cpp), "if (l_V + 1 < l_n * 2) {\n    l_n--;\n}\n");
}

TEST(LangPrinter, StatementLayoutAndSourceLines)
{
    const Code code = compileStatements("scalar x = 1.0;\n"
                                        "if (V > x) {\n"
                                        "  V = 0;\n"
                                        "} else if (V < -x)\n"
                                        "  V = -x;\n"
                                        "else {\n"
                                        "  for (int i = 0; i < 3; i++)\n"
                                        "    while (n > 0) { n--; if (n == 1) break; }\n"
                                        "}\n"
                                        "do n++; while (n < 2);",
                                        scope(), kWhere);
    const auto lines = code.print(Dialect::Cuda);
    const std::vector<std::tuple<std::string, int, int>> expected = {
        {"float x = 1.0f;", 0, 1},
        {"if (l_V > x) {", 0, 2},
        {"l_V = 0.0f;", 1, 3},
        {"} else if (l_V < -x) {", 0, 4},
        {"l_V = -x;", 1, 5},
        {"} else {", 0, 6},
        {"for (int i = 0; i < 3; i++) {", 1, 7},
        {"while (l_n > 0) {", 2, 8},
        {"l_n--;", 3, 8},
        {"if (l_n == 1) {", 3, 8},
        {"break;", 4, 8},
        {"}", 3, 8},
        {"}", 2, 8},
        {"}", 1, 7},
        {"}", 0, 2},
        {"do {", 0, 10},
        {"l_n++;", 1, 10},
        {"} while (l_n < 2);", 0, 10},
    };
    ASSERT_EQ(lines.size(), expected.size());
    for (size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i].text, std::get<0>(expected[i])) << i;
        EXPECT_EQ(lines[i].indent, std::get<1>(expected[i])) << i;
        EXPECT_EQ(lines[i].sourceLine, std::get<2>(expected[i])) << i;
    }
}

TEST(LangPrinter, DeclarationsAndLoopsPrintOneStatementPerLine)
{
    EXPECT_EQ(print("const scalar a = 2, b = a * 3;\nint i = 0, j;\n{ j = i; }\nfor (;;) break;",
                    Dialect::OpenCL, Type::Double),
              "const double a = 2.0, b = a * 3;\nint i = 0, j;\n{\n    j = i;\n}\nfor (;;) {\n    break;\n}\n");
    EXPECT_EQ(print("unsigned int k = 1; for (k = 0u; k < 4u; ++k) {}", Dialect::Cpp),
              "unsigned int k = 1u;\nfor (k = 0u; k < 4u; ++k) {\n}\n");
}

TEST(LangPrinter, PrintTextIndentsAndExpressionsPrintOneLine)
{
    const Code code = compileStatements("if (V > 1) V = 0;", scope(), kWhere);
    EXPECT_EQ(code.printText(Dialect::Cpp, 2), "  if (l_V > 1) {\n      l_V = 0.0f;\n  }\n");
    const Code condition = compileExpression("V > 1 && n != 0", scope(), kWhere, Type::Bool);
    const auto lines = condition.print(Dialect::OpenCL);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].text, "l_V > 1 && l_n != 0");
    EXPECT_EQ(lines[0].indent, 0);
    const Code copy = code; // copies share the tree
    EXPECT_EQ(copy.printText(Dialect::Cpp), code.printText(Dialect::Cpp));
}

TEST(LangPrinter, CastsPrintInCStyle)
{
    EXPECT_EQ(print("n = (int)V + int(V) + (int)(unsigned int)V;", Dialect::Cpp),
              "l_n = (int)(l_V) + (int)(l_V) + (int)((unsigned int)(l_V));\n");
    EXPECT_EQ(print("V = float(n) / 2;", Dialect::OpenCL), "l_V = (float)(l_n) / 2;\n");
}
