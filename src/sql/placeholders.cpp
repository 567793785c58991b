// Placeholders: cormorant's own numbered form, `?` in raw SQL turned into it,
// and that form turned into a driver's own for statements a driver prepares
// itself.
#include <cctype>
#include <string>
#include <string_view>

#include "cormorant/sql.hpp"
#include "sql/dialects.hpp"

namespace cormorant::sql {

namespace {

/// `sql` copied with quoted text ('...', "...", `...`, and [...] when
/// `brackets`) and comments as they are; elsewhere `code(i, out)` may append a
/// replacement for the text at i and return how many characters it replaced
/// (0: copy the character).
template <class Code>
std::string rewrite_code(std::string_view sql, Code&& code, bool brackets = false) {
    std::string out;
    out.reserve(sql.size() + 16);
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (brackets && c == '[') {
            const std::size_t end = sql.find(']', i + 1);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '\'' || c == '"' || c == '`') {
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
        } else if (const std::size_t n = code(i, out)) {
            i += n - 1;
        } else {
            out += c;
        }
    }
    return out;
}

bool identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

}  // namespace

std::string placeholder(std::size_t n) {
    return ":p" + std::to_string(n);
}

std::string raw_placeholders(std::string_view sql) {
    std::size_t n = 0;
    return rewrite_code(sql, [&](std::size_t i, std::string& out) -> std::size_t {
        if (sql[i] != '?') return 0;
        out += placeholder(++n);
        return 1;
    });
}

}  // namespace cormorant::sql

namespace cormorant::detail {

std::string native_placeholders(std::string_view sql, native_placeholder form, bool bracket_quotes) {
    std::size_t next = 1;
    bool in_order = true;
    std::string out = sql::rewrite_code(
        sql,
        [&](std::size_t i, std::string& out) -> std::size_t {
            if (sql[i] != ':' || sql.substr(i + 1, 1) != "p" || (i > 0 && sql::identifier_char(sql[i - 1])))
                return 0;
            std::size_t j = i + 2;
            while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
            if (j == i + 2 || (j < sql.size() && sql::identifier_char(sql[j]))) return 0;
            const std::string_view number = sql.substr(i + 2, j - i - 2);
            if (number != std::to_string(next++)) in_order = false;
            if (form == native_placeholder::dollar_numbered)
                out.append("$").append(number);
            else
                out += '?';
            return j - i;
        },
        bracket_quotes);
    // `?` are numbered by position: placeholders in another order would take
    // other values.
    if (form == native_placeholder::question_mark && !in_order) return std::string(sql);
    return out;
}

}  // namespace cormorant::detail
