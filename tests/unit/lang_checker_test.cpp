// Type checker of the code-string language: names, types, conversions, and the errors a model
// author will meet, each with its position and hint.
#include "core/error.h"
#include "core/lang/code.h"
#include "core/lang/lexer.h"
#include "core/lang/parser.h"
#include "core/lang/type_checker.h"

#include <gtest/gtest.h>

#include <string>

using namespace spikegen::lang;

namespace {

const SourceRef kWhere{"LIF", "sim code"};

Scope makeScope()
{
    Scope s;
    s.add(Variable{"V", Type::Float, true, "l_V"});
    s.add(Variable{"I", Type::Double, true, "l_I"});
    s.add(Variable{"n", Type::Int, true, "l_n"});
    s.add(Variable{"count", Type::Unsigned, true, "d_count[id]"});
    s.add(Variable{"spike", Type::Bool, true, "l_spike"});
    s.add(Variable{"t", Type::Float, false, "t"});
    s.add(Variable{"dt", Type::Float, false, "DT"});
    s.add(Variable{"tau", Type::Float, false, "p_tau"});
    s.add(Variable{"id", Type::Unsigned, false, "id"});
    s.add(Function{"uniform", {}, Type::Float, [](const auto&) { return "sg_uniform(&rng)"; }});
    s.add(Function{"addToPost", {Type::Float}, std::nullopt,
                   [](const auto& a) { return "atomicAdd(&post, " + a[0] + ")"; }});
    return s;
}

const Scope& scope()
{
    static const Scope s = makeScope();
    return s;
}

std::string cpp(std::string_view source, Type scalar = Type::Float)
{
    return compileStatements(source, scope(), kWhere, Options{scalar}).printText(Dialect::Cpp);
}

void expectError(std::string_view source, int line, int column, const std::string& problem,
                 const std::string& hint = {})
{
    try {
        compileStatements(source, scope(), kWhere);
        ADD_FAILURE() << "no error for: " << source;
    } catch (const CodeError& error) {
        EXPECT_EQ(error.line(), line) << error.what();
        EXPECT_EQ(error.column(), column) << error.what();
        EXPECT_NE(error.problem().find(problem), std::string::npos) << error.what();
        EXPECT_NE(error.hint().find(hint), std::string::npos) << error.what();
    }
}

// The type the checker gives an expression, before any conversion to the expected type.
Type typeOf(std::string_view expression, Type scalar = Type::Float)
{
    const Options options{scalar};
    auto expr = parseExpression(lex(expression, kWhere, scalar), kWhere);
    checkExpression(expr, Type::Bool, scope(), options, kWhere);
    if (expr->kind == ast::ExprKind::Cast && expr->implicit) return expr->operands[0]->type;
    return expr->type;
}

} // namespace

// --- types and conversions --------------------------------------------------------------------

TEST(LangChecker, UsualArithmeticConversions)
{
    EXPECT_EQ(typeOf("n + 1"), Type::Int);
    EXPECT_EQ(typeOf("n + count"), Type::Unsigned);
    EXPECT_EQ(typeOf("n * V"), Type::Float);
    EXPECT_EQ(typeOf("V * I"), Type::Double);
    EXPECT_EQ(typeOf("spike + spike"), Type::Int); // bool promotes to int
    EXPECT_EQ(typeOf("n / 2"), Type::Int);         // integer division stays integer
    EXPECT_EQ(typeOf("count << 2"), Type::Unsigned);
    EXPECT_EQ(typeOf("n << count"), Type::Int);    // shifts take the left operand's type
    EXPECT_EQ(typeOf("V > 1.0"), Type::Bool);
    EXPECT_EQ(typeOf("V && n"), Type::Bool);
    EXPECT_EQ(typeOf("!V"), Type::Bool);
    EXPECT_EQ(typeOf("-spike"), Type::Int);
    EXPECT_EQ(typeOf("spike ? n : V"), Type::Float);
    EXPECT_EQ(typeOf("1.5"), Type::Float);
    EXPECT_EQ(typeOf("1.5", Type::Double), Type::Double);
    EXPECT_EQ(typeOf("uniform()"), Type::Float);
    EXPECT_EQ(typeOf("(int)V"), Type::Int);
    EXPECT_EQ(typeOf("isnan(V)"), Type::Bool);
}

TEST(LangChecker, AssignmentConvertsImplicitlyAndPrintsTheCast)
{
    EXPECT_EQ(cpp("n = V;"), "l_n = (int)(l_V);\n");
    EXPECT_EQ(cpp("V = I;"), "l_V = (float)(l_I);\n");
    EXPECT_EQ(cpp("spike = V;"), "l_spike = (bool)(l_V);\n"); // allowed, as in C
    EXPECT_EQ(cpp("V = n;"), "l_V = (float)(l_n);\n");
    EXPECT_EQ(cpp("V = V;"), "l_V = l_V;\n");
    EXPECT_EQ(cpp("n += V;"), "l_n += l_V;\n"); // compound: C computes in float, then converts
}

TEST(LangChecker, LiteralsAreConvertedInPlace)
{
    EXPECT_EQ(cpp("V = 1;"), "l_V = 1.0f;\n");
    EXPECT_EQ(cpp("I = 1;"), "l_I = 1.0;\n");
    EXPECT_EQ(cpp("count = 3;"), "d_count[id] = 3u;\n");
    EXPECT_EQ(cpp("V = 0.1;", Type::Double), "l_V = 0.1f;\n");
    EXPECT_EQ(cpp("n = 2.5;"), "l_n = (int)(2.5f);\n");
    EXPECT_EQ(cpp("n = 0xFFFFFFFF;"), "l_n = (int)(4294967295u);\n");
    EXPECT_EQ(cpp("spike = 1;"), "l_spike = (bool)(1);\n");
}

TEST(LangChecker, ScopeFunctionArgumentsAreConverted)
{
    EXPECT_EQ(cpp("addToPost(I);"), "atomicAdd(&post, (float)(l_I));\n");
    EXPECT_EQ(cpp("addToPost(2);"), "atomicAdd(&post, 2.0f);\n");
    EXPECT_EQ(cpp("addToPost(V * 2.0f);"), "atomicAdd(&post, l_V * 2.0f);\n");
}

TEST(LangChecker, ReferencedAndAssignedNames)
{
    const Code code = compileStatements(
        "scalar x = V + exp(tau);\ncount++;\nI += x;\nn = (int)dt;\naddToPost(x);\nx = 2;",
        scope(), kWhere);
    EXPECT_EQ(code.referencedNames(),
              (std::set<std::string>{"I", "V", "addToPost", "count", "dt", "n", "tau"}));
    EXPECT_EQ(code.assignedNames(), (std::set<std::string>{"I", "count", "n"}));
    EXPECT_TRUE(code.references("tau"));
    EXPECT_FALSE(code.references("x"));   // locals are not scope names
    EXPECT_FALSE(code.references("exp")); // nor are built-in functions
    EXPECT_FALSE(code.references("t"));
}

TEST(LangChecker, LocalsAreScopedByBlocksAndLoops)
{
    EXPECT_NO_THROW(compileStatements("{ int i = 1; n = i; } { int i = 2; n = i; }", scope(), kWhere));
    EXPECT_NO_THROW(compileStatements("for (int i = 0; i < 2; i++) {} for (int i = 0; i < 2; i++) {}",
                                      scope(), kWhere));
    EXPECT_NO_THROW(compileStatements("int i = 1, j = i + 1; n = j;", scope(), kWhere));
}

TEST(LangChecker, EmptyCodeIsEmpty)
{
    EXPECT_TRUE(compileStatements("", scope(), kWhere).empty());
    EXPECT_TRUE(compileStatements("  // nothing\n /* here */ ;", scope(), kWhere).empty());
    EXPECT_TRUE(compileStatements("", scope(), kWhere).print(Dialect::Cuda).empty());
    EXPECT_FALSE(compileStatements("V = 1;", scope(), kWhere).empty());
}

TEST(LangChecker, ExpressionIsConvertedToTheExpectedType)
{
    auto print = [](std::string_view source, Type type) {
        return compileExpression(source, scope(), kWhere, type).print(Dialect::Cpp).at(0).text;
    };
    EXPECT_EQ(print("V > tau", Type::Bool), "l_V > p_tau");
    EXPECT_EQ(print("V", Type::Bool), "(bool)(l_V)");
    EXPECT_EQ(print("n", Type::Float), "(float)(l_n)");
    EXPECT_EQ(print("2", Type::Float), "2.0f");
    const Code code = compileExpression("uniform() < 0.5", scope(), kWhere, Type::Bool);
    EXPECT_TRUE(code.isExpression());
    EXPECT_TRUE(code.references("uniform"));
}

TEST(LangChecker, ScopeLookupFallsBackToParent)
{
    Scope child(&scope());
    child.add(Variable{"w", Type::Float, true, "d_w[syn]"});
    const Code code = compileStatements("w += V;", child, kWhere);
    EXPECT_EQ(code.printText(Dialect::Cpp), "d_w[syn] += l_V;\n");
    EXPECT_NE(child.findVariable("V"), nullptr);
    EXPECT_NE(child.findFunction("uniform"), nullptr);
    const auto names = child.names();
    EXPECT_NE(std::find(names.begin(), names.end(), "w"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "dt"), names.end());
}

TEST(LangChecker, ScopeRejectsDuplicatesAndBadNames)
{
    Scope s;
    s.add(Variable{"V", Type::Float, true, "l_V"});
    EXPECT_THROW(s.add(Variable{"V", Type::Float, true, "x"}), spikegen::Error);
    EXPECT_THROW(s.add(Function{"V", {}, Type::Float, [](const auto&) { return "1"; }}), spikegen::Error);
    EXPECT_THROW(s.add(Variable{"2x", Type::Float, true, "x"}), spikegen::Error);
    EXPECT_THROW(s.add(Variable{"while", Type::Float, true, "x"}), spikegen::Error);
    EXPECT_THROW(s.add(Function{"f", {}, Type::Float, nullptr}), spikegen::Error);
    s.add(Variable{"k", Type::Int, false, ""});
    EXPECT_EQ(s.findVariable("k")->emitted, "k"); // empty emitted defaults to the name
}

// --- bad input --------------------------------------------------------------------------------

TEST(LangCheckerError, UnknownNameSuggestsNearest)
{
    try {
        compileStatements("V = 0;\nVm = 1;", scope(), kWhere);
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_STREQ(error.what(),
                     "model 'LIF', field 'sim code', line 2, column 1: unknown name 'Vm'; did you mean 'V'?");
    }
}

TEST(LangCheckerError, UnknownNameSuggestsCaseInsensitiveMatch)
{
    expectError("V = v;", 1, 5, "unknown name 'v'", "did you mean 'V'?");
}

TEST(LangCheckerError, UnknownNameSuggestsTransposition)
{
    expectError("V = V + cuont;", 1, 9, "unknown name 'cuont'", "did you mean 'count'?");
}

TEST(LangCheckerError, UnknownNameSuggestsLocal)
{
    expectError("scalar rate = 1.0;\nV = rat * 2;", 2, 5, "unknown name 'rat'", "did you mean 'rate'?");
}

TEST(LangCheckerError, UnknownNameWithoutCloseMatchHasNoHint)
{
    try {
        compileStatements("V = xyzzy;", scope(), kWhere);
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_EQ(error.column(), 5);
        EXPECT_EQ(error.problem(), "unknown name 'xyzzy'");
        EXPECT_EQ(error.hint(), "");
    }
}

TEST(LangCheckerError, UnknownFunctionSuggestsBuiltin)
{
    expectError("V = expp(V);", 1, 5, "unknown function 'expp'", "did you mean 'exp'?");
}

TEST(LangCheckerError, UnknownFunctionSuggestsScopeFunction)
{
    expectError("addToPots(V);", 1, 1, "unknown function 'addToPots'", "did you mean 'addToPost'?");
}

TEST(LangCheckerError, LocalOutOfItsBlock)
{
    expectError("{ int j = 1; }\nn = j;", 2, 5, "unknown name 'j'");
}

TEST(LangCheckerError, LocalUsedInItsOwnInitialiser)
{
    expectError("int k = k + 1;", 1, 9, "unknown name 'k'");
}

TEST(LangCheckerError, ModuloOnFloat)
{
    expectError("V = V % 2.0;", 1, 7, "operator '%' needs integer operands, but the left operand is 'float'",
                "use fmod");
}

TEST(LangCheckerError, CompoundModuloOnFloat)
{
    expectError("n %= V;", 1, 3, "operator '%=' needs integer operands, but the right operand is 'float'",
                "use fmod");
}

TEST(LangCheckerError, BitwiseOnFloat)
{
    expectError("n = n & 1.5;", 1, 7, "operator '&' needs integer operands, but the right operand is 'float'",
                "bitwise operators");
}

TEST(LangCheckerError, ComplementOnFloat)
{
    expectError("V = ~V;", 1, 5, "operator '~' needs integer operands, but the operand is 'float'",
                "bitwise operators");
}

TEST(LangCheckerError, VoidFunctionInExpression)
{
    expectError("V = addToPost(1.0);", 1, 5, "'addToPost' does not return a value",
                "statement of its own");
}

TEST(LangCheckerError, AssignToDt)
{
    expectError("dt = 0.1;", 1, 1, "cannot assign to read-only 'dt'", "copy it into a local variable");
}

TEST(LangCheckerError, CompoundAssignToT)
{
    expectError("V = 1;\n  t += dt;", 2, 3, "cannot assign to read-only 't'", "cannot be changed");
}

TEST(LangCheckerError, IncrementParameter)
{
    expectError("tau++;", 1, 1, "cannot assign to read-only 'tau'", "parameters, t, dt");
    expectError("++id;", 1, 3, "cannot assign to read-only 'id'", "copy it into a local");
}

TEST(LangCheckerError, AssignToRvalue)
{
    expectError("(V + 1) = 3;", 1, 2, "cannot assign to an expression", "left of '='");
}

TEST(LangCheckerError, IncrementRvalue)
{
    expectError("n = (n + 1)++;", 1, 6, "cannot assign to an expression", "left of '++'");
}

TEST(LangCheckerError, AssignToConstLocal)
{
    expectError("const int k = 1;\nk = 2;", 2, 1, "cannot assign to constant 'k'",
                "declared 'const' at line 1");
}

TEST(LangCheckerError, ConstWithoutInitialiser)
{
    expectError("const float c;", 1, 13, "constant 'c' needs an initial value");
}

TEST(LangCheckerError, IncrementBool)
{
    expectError("spike++;", 1, 6, "operator '++' cannot be applied to a 'bool'", "true or false");
}

TEST(LangCheckerError, BreakOutsideLoop)
{
    expectError("if (V > 1) {\n  break;\n}", 2, 3, "'break' outside a loop");
}

TEST(LangCheckerError, ContinueOutsideLoop)
{
    expectError("continue;", 1, 1, "'continue' outside a loop");
}

TEST(LangCheckerError, LocalShadowsScopeVariable)
{
    expectError("int V = 1;", 1, 5, "'V' is already defined", "name of the model");
}

TEST(LangCheckerError, LocalDefinedTwice)
{
    expectError("int i = 0;\nint i = 1;", 2, 5, "'i' is already defined", "declared at line 1, column 5");
}

TEST(LangCheckerError, LocalShadowsOuterLocal)
{
    expectError("int i = 0;\nfor (int i = 0; i < 2; i++) {}", 2, 10, "'i' is already defined",
                "declared at line 1, column 5");
}

TEST(LangCheckerError, LocalNamedLikeBuiltin)
{
    expectError("scalar exp = 1.0;", 1, 8, "'exp' is the name of a built-in function",
                "choose another name");
    expectError("scalar expf = 1.0;", 1, 8, "'expf' is the name of a built-in function",
                "choose another name");
}

TEST(LangCheckerError, ReservedWordOfCpp)
{
    expectError("int class = 1;", 1, 5, "'class' is a reserved word", "C, C++ and CUDA");
}

TEST(LangCheckerError, ReservedWordOfOpenCL)
{
    expectError("float half = 1;", 1, 7, "'half' is a reserved word", "OpenCL C");
    expectError("float float4 = 1;", 1, 7, "'float4' is a reserved word", "OpenCL C");
}

TEST(LangCheckerError, ReservedUnderscoreName)
{
    expectError("int __x = 1;", 1, 5, "'__x' is a reserved word", "'__'");
}

// Generated code names its own locals sg_...: a user's local of that name could capture them.
TEST(LangCheckerError, ReservedGeneratedCodePrefix)
{
    expectError("int sg_count = 1;", 1, 5, "'sg_count' is a reserved word", "spikegen's generated code");
}

TEST(LangCheckerError, LocalCapturingGeneratedName)
{
    expectError("int l_V = 1;", 1, 5, "'l_V' is used by the generated code", "choose another");
}

TEST(LangCheckerError, BuiltinWrongArity)
{
    expectError("V = exp(1, 2);", 1, 5, "'exp' takes 1 argument, but 2 were given");
    expectError("V = pow(V);", 1, 5, "'pow' takes 2 arguments, but 1 was given");
}

TEST(LangCheckerError, ScopeFunctionWrongArity)
{
    expectError("addToPost();", 1, 1, "'addToPost' takes 1 argument, but 0 were given");
}

TEST(LangCheckerError, BoolArgumentToMaths)
{
    expectError("V = exp(spike);", 1, 9, "argument 1 of 'exp' is a 'bool'", "takes numbers");
}

TEST(LangCheckerError, VoidArgument)
{
    expectError("V = exp(addToPost(1));", 1, 9, "'addToPost' does not return a value",
                "statement of its own");
}

TEST(LangCheckerError, AbsOfUnsigned)
{
    expectError("n = abs(count);", 1, 5, "'abs' of an 'unsigned int' value", "never negative");
}

TEST(LangCheckerError, CallOfVariable)
{
    expectError("V = V(2);", 1, 5, "'V' is a variable, not a function", "operator missing");
}

TEST(LangCheckerError, FunctionWithoutCall)
{
    expectError("V = exp;", 1, 5, "'exp' is a function", "'exp(...)'");
    expectError("V = uniform + 1;", 1, 5, "'uniform' is a function", "'uniform(...)'");
}

TEST(LangCheckerError, AssignmentAsCondition)
{
    expectError("if (V = 1) V = 0;", 1, 7, "assignment used as a condition", "did you mean '=='?");
}

TEST(LangCheckerError, ComparisonAsStatement)
{
    expectError("V == 0;", 1, 1, "statement has no effect", "did you mean '='?");
}

TEST(LangCheckerError, ArithmeticAsStatement)
{
    expectError("V = 1;\n   V + 2;", 2, 4, "statement has no effect", "did you mean '+='?");
}

TEST(LangCheckerError, IntegerDivisionByZero)
{
    expectError("n = n / 0;", 1, 9, "integer division by zero");
}

TEST(LangCheckerError, ShiftTooFar)
{
    expectError("n = n << 40;", 1, 10, "shift by 40 bits");
}

TEST(LangCheckerError, UndeclaredLocalInExpressionField)
{
    try {
        compileExpression("V > thresh", scope(), kWhere, Type::Bool);
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_EQ(error.line(), 1);
        EXPECT_EQ(error.column(), 5);
        EXPECT_EQ(error.problem(), "unknown name 'thresh'");
    }
}

TEST(LangCheckerError, VoidExpressionField)
{
    try {
        compileExpression("addToPost(1)", scope(), kWhere, Type::Float);
        FAIL() << "no error";
    } catch (const CodeError& error) {
        EXPECT_EQ(error.column(), 1);
        EXPECT_EQ(error.problem(), "'addToPost' does not return a value");
    }
}
