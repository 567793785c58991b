#pragma once
// The index of a column by name, for dry tests that pick the columns of a statement.
#include <catch2/catch.hpp>
#include <cormorant/cormorant.hpp>
#include <string>

namespace testsupport {

/// The index of column `name` of t; the test fails when t has none.
inline std::size_t column(const cormorant::table_info& t, const std::string& name) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == name) return i;
    FAIL("no column " << name);
    return 0;
}

}  // namespace testsupport
