#include "spikegen.h"

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    spikegen::setLogLevel("warn");
    return RUN_ALL_TESTS();
}
