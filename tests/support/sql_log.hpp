#pragma once
// Records the SQL a session sends, for tests that assert what went out.
#include <algorithm>
#include <cormorant/cormorant.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace testlive {

struct sql_log {
    std::vector<std::string> statements;
    void attach(cormorant::session& s) {
        s.trace([this](std::string_view sql) { statements.emplace_back(sql); });
    }
    std::size_t count_starting(std::string_view prefix) const {
        return std::count_if(statements.begin(), statements.end(),
                             [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
    }
    /// The statements that write rows (INSERT, UPDATE, DELETE), in order.
    std::vector<std::string> writes() const {
        std::vector<std::string> out;
        for (const std::string& s : statements)
            if (s.rfind("INSERT", 0) == 0 || s.rfind("UPDATE", 0) == 0 || s.rfind("DELETE", 0) == 0)
                out.push_back(s);
        return out;
    }
    bool contains(std::string_view sql) const {
        return std::find(statements.begin(), statements.end(), sql) != statements.end();
    }
};

}  // namespace testlive
