# Unit tests of the code-string language (core/lang).
file(GLOB LANG_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/lang_*.cpp)
add_executable(spikegen_lang_tests ${LANG_TEST_SOURCES})
# Each test file has its own fixtures of the same names (kWhere, scope()): no unity build.
set_target_properties(spikegen_lang_tests PROPERTIES UNITY_BUILD OFF)
target_link_libraries(spikegen_lang_tests PRIVATE spikegen_lang GTest::gtest_main)
gtest_discover_tests(spikegen_lang_tests)
