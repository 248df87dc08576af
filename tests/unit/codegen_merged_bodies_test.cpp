// Merged groups (core/codegen/merged_bodies.h): bodies that differ only in literals and buffer
// names share one text with parameters; anything else keeps them apart.
#include "core/codegen/merged_bodies.h"

#include <gtest/gtest.h>

namespace spikegen {
namespace {

const std::map<std::string, std::string> kPointers = {
    {"s0_row_start", "uint32_t*"}, {"s1_row_start", "uint32_t*"}, {"s2_row_start", "uint32_t*"},
    {"s0_g", "float*"},            {"s1_g", "float*"},            {"n0_V", "float*"}};

TEST(MergedBodies, LiteralsAndBuffersThatDifferBecomeParameters)
{
    const auto merged = mergeBodies({"// group 'A'\nfor (unsigned i = 0u; i < 20683u; ++i) s0_row_start[i] = 20683u;\n",
                                     "// group 'B'\nfor (unsigned i = 0u; i < 5834u; ++i) s1_row_start[i] = 5834u;\n"},
                                    kPointers);
    ASSERT_EQ(merged.size(), 1u);
    const MergedBody& m = merged[0];
    EXPECT_EQ(m.members, (std::vector<std::size_t>{0, 1}));
    ASSERT_EQ(m.parameters.size(), 2u); // 20683u/5834u twice: one parameter
    EXPECT_EQ(m.parameters[0].type, "unsigned");
    EXPECT_EQ(m.parameters[0].name, "sg_m_c0");
    EXPECT_EQ(m.parameters[0].arguments, (std::vector<std::string>{"20683u", "5834u"}));
    EXPECT_TRUE(m.parameters[1].pointer);
    EXPECT_EQ(m.parameters[1].type, "uint32_t*");
    EXPECT_EQ(m.parameters[1].name, "sg_m_row_start");
    EXPECT_EQ(m.parameters[1].arguments, (std::vector<std::string>{"s0_row_start", "s1_row_start"}));
    // Line for line the first member's text (its comment too); what is the same stays.
    EXPECT_EQ(m.text, "// group 'A'\nfor (unsigned i = 0u; i < sg_m_c0; ++i) sg_m_row_start[i] = sg_m_c0;\n");
    EXPECT_TRUE(m.distinctPointers);
}

TEST(MergedBodies, DifferentStructuresStayApart)
{
    const auto merged = mergeBodies({"x = s0_g[i] + 1.0f;", "x = s1_g[i] + 2.0f;", "x = s1_g[i] - 2.0f;",
                                     "x = s1_g[i] + 2.0;", "x = n0_V[i] + 1.0f;", "x = s0_g[i] + -1.0f;"},
                                    kPointers);
    ASSERT_EQ(merged.size(), 4u);
    EXPECT_EQ(merged[0].members, (std::vector<std::size_t>{0, 1, 4})); // float* buffers, float literals
    EXPECT_EQ(merged[1].members, (std::vector<std::size_t>{2}));       // another operator
    EXPECT_EQ(merged[2].members, (std::vector<std::size_t>{3}));       // a double literal
    EXPECT_EQ(merged[3].members, (std::vector<std::size_t>{5}));       // a unary minus more
    EXPECT_TRUE(merged[1].parameters.empty());
    // Names without a group prefix, made unique; the first member's name for a shared parameter.
    EXPECT_EQ(merged[0].parameters[0].name, "sg_m_g");
    EXPECT_EQ(merged[0].parameters[0].arguments, (std::vector<std::string>{"s0_g", "s1_g", "n0_V"}));
}

TEST(MergedBodies, ConstantsThatMustStayConstantKeepBodiesApart)
{
    // An array size in a declaration and a #pragma argument cannot become parameters.
    EXPECT_EQ(mergeBodies({"unsigned sg_fill[3], sg_end[3];", "unsigned sg_fill[4], sg_end[4];"}, kPointers).size(), 2u);
    EXPECT_EQ(mergeBodies({"#pragma unroll 4\nfor (;;) {}", "#pragma unroll 8\nfor (;;) {}"}, kPointers).size(), 2u);
    // An index into an array is a value like any other.
    EXPECT_EQ(mergeBodies({"x = s0_g[3u];", "x = s0_g[4u];"}, kPointers).size(), 1u);
}

TEST(MergedBodies, CommentsAndLayoutDoNotMatterButOperatorsDo)
{
    EXPECT_EQ(mergeBodies({"a = b; // one\n", "a  =  b;   // two\n"}, kPointers).size(), 1u);
    EXPECT_EQ(mergeBodies({"a = b - -c;", "a = b--c;"}, kPointers).size(), 2u);
}

TEST(MergedBodies, RestrictOnlyWhereNoMemberPassesOneBufferTwice)
{
    // Member 1 passes s1_row_start for both parameters: they alias there.
    auto merged = mergeBodies({"s0_row_start[0] = s1_row_start[0];", "s1_row_start[0] = s1_row_start[0];",
                               "s2_row_start[0] = s0_row_start[0];"},
                              kPointers);
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].parameters.size(), 2u);
    EXPECT_FALSE(merged[0].distinctPointers);
    // A parameter that may be the buffer the text names itself.
    merged = mergeBodies({"n0_V[0] = s0_g[0];", "n0_V[0] = n0_V[0];"}, {{"n0_V", "float*"}, {"s0_g", "float*"}});
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].commonPointers, (std::vector<std::string>{"n0_V"}));
    EXPECT_FALSE(merged[0].distinctPointers);
}

TEST(MergedBodies, ParameterNamesAvoidNamesTheBodyUses)
{
    const auto merged = mergeBodies({"sg_m_c0 = s0_g[1u];", "sg_m_c0 = s1_g[2u];"}, kPointers);
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].text, "sg_m_c0 = sg_m_g[sg_m_c0_2];");
}

TEST(MergedBodies, LiteralTypesFollowTheSuffixAndTheValue)
{
    EXPECT_EQ(literalType("20683u"), "unsigned");
    EXPECT_EQ(literalType("0xA7D99ADFu"), "unsigned");
    EXPECT_EQ(literalType("0xFFFFFFFFu"), "unsigned");
    EXPECT_EQ(literalType("4294967296u"), ""); // an unsigned long: left alone
    EXPECT_EQ(literalType("12"), "int");
    EXPECT_EQ(literalType("2147483648"), "");
    EXPECT_EQ(literalType("0x7FFFFFFF"), "int");
    EXPECT_EQ(literalType("0x80000000"), "");
    EXPECT_EQ(literalType("017"), ""); // octal
    EXPECT_EQ(literalType("0"), "int");
    EXPECT_EQ(literalType("1ull"), "uint64_t");
    EXPECT_EQ(literalType("1ul"), "");
    EXPECT_EQ(literalType("0.5f"), "float");
    EXPECT_EQ(literalType("1.00000002e+30f"), "float");
    EXPECT_EQ(literalType("1e-3"), "double");
    EXPECT_EQ(literalType("0.10000000000000001"), "double");
    EXPECT_EQ(literalType(".5"), "double");
    EXPECT_EQ(literalType("1.0L"), "");
}

} // namespace
} // namespace spikegen
