// The one Catch2 main of the test suite (kept alone: it is costly to compile).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
