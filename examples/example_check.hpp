#pragma once
// What every session example shares: the database it runs on and a check
// that stops it when something it claims does not hold.
#include <algorithm>
#include <cormorant/cormorant.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace example {

/// DATABASE_URL when set, else a private in-memory SQLite database.
inline cormorant::database open_db() {
    const char* url = std::getenv("DATABASE_URL");
    return cormorant::database::open(url && *url ? std::string(url) : std::string("sqlite://:memory:"));
}

/// Throws when a claim of the example does not hold.
inline void check(bool ok, const std::string& claim) {
    if (!ok) throw std::logic_error("check failed: " + claim);
}

/// True when `fn` throws an exception of type E.
template <class E, class Fn>
bool throws(Fn&& fn) {
    try {
        fn();
    } catch (const E&) {
        return true;
    }
    return false;
}

/// Records the SQL a session sends: `s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); })`.
struct statement_log {
    std::vector<std::string> sql;
    std::size_t starting(const std::string& prefix) const {
        return std::count_if(sql.begin(), sql.end(),
                             [&](const std::string& s) { return s.starts_with(prefix); });
    }
};

/// Runs an example body; prints what failed and returns non-zero on failure.
template <class Body>
int run(const char* name, Body&& body) {
    try {
        auto db = open_db();
        body(db);
        std::cout << name << ": every check passed\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << name << " failed: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace example
