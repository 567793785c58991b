// Placeholders: cormorant's own numbered form, and `?` in raw SQL turned into it.
#include <string>
#include <string_view>

#include "cormorant/sql.hpp"

namespace cormorant::sql {

std::string placeholder(std::size_t n) {
    return ":p" + std::to_string(n);
}

std::string raw_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    std::size_t n = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"' || c == '`') {
            // Quoted text up to the closing quote (a doubled quote stays inside).
            std::size_t end = i + 1;
            while (end < sql.size()) {
                if (sql[end] == c && !(end + 1 < sql.size() && sql[end + 1] == c)) break;
                end += sql[end] == c ? 2 : 1;
            }
            out.append(sql.substr(i, end - i + 1));
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t end = sql.find('\n', i);
            out.append(sql.substr(i, end == std::string_view::npos ? end : end - i));
            i = end == std::string_view::npos ? sql.size() : end - 1;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?') {
            out += placeholder(++n);
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace cormorant::sql
