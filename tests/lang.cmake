# Unit tests of the code-string language (core/lang).
file(GLOB LANG_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/lang_*.cpp)
add_executable(spikegen_lang_tests ${LANG_TEST_SOURCES})
target_link_libraries(spikegen_lang_tests PRIVATE spikegen_lang GTest::gtest_main)
gtest_discover_tests(spikegen_lang_tests)
