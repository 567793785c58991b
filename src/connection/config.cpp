/// \file config.cpp
/// Parsing and printing of database URLs (see docs/configuration.md).

#include "cormorant/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cormorant/errors.hpp"

namespace cormorant {

namespace {

constexpr std::string_view scheme_separator = "://";
constexpr std::string_view accepted_schemes = "sqlite, sqlite3, postgresql, postgres, mysql, mariadb";
constexpr std::string_view memory_database = ":memory:";
constexpr std::string_view mask = "***";

bool is_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_control_or_space(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
}
char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_lower(c);
    return out;
}

int hex_value(char c) noexcept {
    if (is_digit(c)) return c - '0';
    return to_lower(c) - 'a' + 10;
}

/// A scheme as RFC 3986 spells it: a letter, then letters, digits, '+', '-', '.'.
bool is_scheme_token(std::string_view s) noexcept {
    if (s.empty() || !is_alpha(s.front())) return false;
    for (char c : s)
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    return true;
}

/// Option names whose values are secrets and are masked like the password.
bool is_secret_option(std::string_view key) {
    const std::string k = lower(key);
    return k.find("password") != std::string::npos || k.find("passwd") != std::string::npos || k == "pwd";
}

/// Control characters in a message are shown as \xNN so that a message stays one line.
std::string printable(std::string_view s) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += "\\x";
            out += digits[u >> 4];
            out += digits[u & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

[[noreturn]] void fail(std::string_view url, std::string_view reason) {
    std::string message = "invalid database URL '";
    message += printable(mask_password(url));
    message += "': ";
    message += reason;
    throw config_error(message);
}

/// Decodes %XX escapes; `what` names the part for the error message (never its text).
std::string percent_decode(std::string_view url, std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2]))
            fail(url,
                 "malformed percent-escape in " + std::string(what) + " (expected '%' and two hex digits)");
        const char decoded = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
        if (decoded == '\0') fail(url, "%00 (a NUL character) is not allowed in " + std::string(what));
        out += decoded;
        i += 2;
    }
    return out;
}

/// Percent-encodes every byte that is not unreserved (RFC 3986) and not in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved || (u < 0x80 && keep.find(c) != std::string_view::npos)) {
            out += c;
        } else {
            out += '%';
            out += digits[u >> 4];
            out += digits[u & 0xf];
        }
    }
    return out;
}

/// Parses `?k=v&k2=v2` (the text after '?'), percent-decoded, in order.
void parse_options(std::string_view url, std::string_view query, config& cfg) {
    if (query.empty()) return;
    std::size_t begin = 0;
    while (true) {
        const std::size_t amp = query.find('&', begin);
        const std::string_view item =
            query.substr(begin, amp == std::string_view::npos ? std::string_view::npos : amp - begin);
        const std::size_t eq = item.find('=');
        if (item.empty() || eq == 0) fail(url, "empty option name");
        if (eq == std::string_view::npos)
            fail(url, "option without '=' (write options as ?name=value&name2=value2)");
        std::string key = percent_decode(url, item.substr(0, eq), "an option name");
        if (key.empty()) fail(url, "empty option name");
        std::string value =
            percent_decode(url, item.substr(eq + 1), "the value of option '" + printable(key) + "'");
        for (const auto& [k, v] : cfg.options)
            if (k == key) fail(url, "option '" + printable(key) + "' given twice");
        cfg.options.emplace_back(std::move(key), std::move(value));
        if (amp == std::string_view::npos) break;
        begin = amp + 1;
    }
}

void parse_sqlite(std::string_view url, std::string_view rest, config& cfg) {
    const std::size_t q = rest.find('?');
    const std::string_view body = rest.substr(0, q);
    if (body == memory_database) {
        cfg.database = std::string(memory_database);
    } else if (body.empty() || body == "/") {
        fail(
            url,
            "missing database path (use sqlite:///relative.db, sqlite:////absolute.db or sqlite://:memory:)");
    } else if (body.front() != '/') {
        fail(url,
             "SQLite URLs take no user or host (use sqlite:///relative.db, sqlite:////absolute.db or "
             "sqlite://:memory:)");
    } else {
        cfg.database = percent_decode(url, body.substr(1), "the database path");
    }
    if (q != std::string_view::npos) parse_options(url, rest.substr(q + 1), cfg);
}

bool is_host_char(char c) noexcept {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
}

void parse_port(std::string_view url, std::string_view text, config& cfg) {
    constexpr std::string_view reason = "bad port (expected a number from 1 to 65535)";
    if (text.empty()) fail(url, reason);
    for (char c : text)
        if (!is_digit(c)) fail(url, reason);
    const std::size_t first = text.find_first_not_of('0');
    if (first == std::string_view::npos || text.size() - first > 5) fail(url, reason);
    unsigned long value = 0;
    for (char c : text.substr(first)) value = value * 10 + static_cast<unsigned long>(c - '0');
    if (value > 65535) fail(url, reason);
    cfg.port = static_cast<std::uint16_t>(value);
}

void parse_server(std::string_view url, std::string_view rest, config& cfg) {
    // authority = everything up to the first '/' or '?'
    const std::size_t authority_end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, authority_end);

    std::string_view hostport = authority;
    const std::size_t at = authority.find('@');
    if (at != std::string_view::npos) {
        if (authority.find('@', at + 1) != std::string_view::npos)
            fail(url, "unescaped '@' in the user or password (write it as %40)");
        const std::string_view userinfo = authority.substr(0, at);
        hostport = authority.substr(at + 1);
        const std::size_t colon = userinfo.find(':');
        const std::string_view raw_user = userinfo.substr(0, colon);
        if (raw_user.empty()) fail(url, "missing user name before '@'");
        cfg.user = percent_decode(url, raw_user, "the user name");
        if (colon != std::string_view::npos)
            cfg.password = percent_decode(url, userinfo.substr(colon + 1), "the password");
    }

    std::string_view port_text;
    bool has_port = false;
    if (!hostport.empty() && hostport.front() == '[') {
        const std::size_t close = hostport.find(']');
        if (close == std::string_view::npos) fail(url, "unterminated IPv6 host (missing ']')");
        const std::string_view ip = hostport.substr(1, close - 1);
        bool ok = ip.find(':') != std::string_view::npos;
        for (char c : ip) ok = ok && (is_hex(c) || c == ':' || c == '.');
        if (!ok) fail(url, "bad IPv6 host (expected an address such as [::1])");
        cfg.host = std::string(ip);
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') fail(url, "unexpected characters after the IPv6 host");
            has_port = true;
            port_text = after.substr(1);
        }
    } else {
        const std::size_t colon = hostport.find(':');
        const std::string_view host = hostport.substr(0, colon);
        if (colon != std::string_view::npos) {
            if (hostport.find(':', colon + 1) != std::string_view::npos)
                fail(url, "bad port (an IPv6 host must be written in brackets, e.g. [::1]:5432)");
            has_port = true;
            port_text = hostport.substr(colon + 1);
        }
        if (host.empty()) fail(url, "missing host");
        for (char c : host)
            if (!is_host_char(c))
                fail(url,
                     "bad host name (expected letters, digits, '-', '.', '_' or a bracketed IPv6 address)");
        cfg.host = std::string(host);
    }
    if (cfg.host.empty()) fail(url, "missing host");
    if (has_port) parse_port(url, port_text, cfg);

    std::string_view path;
    std::string_view query;
    bool has_query = false;
    if (authority_end != std::string_view::npos) {
        const std::string_view tail = rest.substr(authority_end);
        const std::size_t q = tail.find('?');
        path = tail.substr(0, q);
        if (q != std::string_view::npos) {
            has_query = true;
            query = tail.substr(q + 1);
        }
    }
    if (path.size() <= 1) fail(url, "missing database name");
    const std::string_view raw_database = path.substr(1);
    if (raw_database.find('/') != std::string_view::npos)
        fail(url, "unexpected '/' in the database name (write it as %2F)");
    cfg.database = percent_decode(url, raw_database, "the database name");
    if (has_query) parse_options(url, query, cfg);
}

/// The ':' before the password and the '@' after it in URL-shaped text, or
/// {npos, npos} when the text has no password.
std::pair<std::size_t, std::size_t> password_span(std::string_view text) {
    constexpr auto npos = std::string_view::npos;
    const std::size_t sep = text.find(scheme_separator);
    if (sep != npos && is_scheme_token(text.substr(0, sep))) {
        // The password runs from the first ':' after "://" + user to the last
        // '@' before the first '/' after "://".
        const std::size_t start = sep + scheme_separator.size();
        const std::size_t slash = std::min(text.find('/', start), text.size());
        const std::size_t at = text.substr(0, slash).rfind('@');
        if (at != npos && at >= start) {
            const std::size_t colon = text.find(':', start);
            if (colon < at) return {colon, at};
            return {npos, npos};
        }
        // No '@' before the first '/': perhaps a password with an unescaped
        // '/'. Mask from the first ':' (not inside an IPv6 bracket) up to the
        // last '@' before the query.
        const std::size_t query = std::min(text.find('?', start), text.size());
        const std::size_t last_at = text.substr(0, query).rfind('@');
        const std::size_t colon = text.find(':', start);
        const std::size_t bracket = text.find('[', start);
        if (last_at != npos && last_at > start && colon < last_at && bracket > colon) return {colon, last_at};
        return {npos, npos};
    }
    // No well-formed "scheme://": mask from the first ':' of what follows the
    // first "//" (or ":/", or the beginning) up to the last '@'.
    const std::size_t at = text.rfind('@');
    if (at == npos) return {npos, npos};
    std::size_t start = 0;
    if (const std::size_t slashes = text.find("//"); slashes < at)
        start = slashes + 2;
    else if (const std::size_t colon_slash = text.find(":/"); colon_slash < at)
        start = colon_slash + 2;
    const std::size_t colon = text.find(':', start);
    if (colon < at) return {colon, at};
    return {npos, npos};
}

}  // namespace

config config::from_url(std::string_view url) {
    if (url.empty()) fail(url, "empty URL");
    for (std::size_t i = 0; i < url.size(); ++i)
        if (is_control_or_space(url[i]))
            fail(url, "whitespace or a control character at position " + std::to_string(i) +
                          " (percent-encode it, e.g. %20 for a space)");
    if (url.find('#') != std::string_view::npos)
        fail(url, "unexpected '#' (a URL fragment is not allowed; write '#' as %23)");

    const std::size_t sep = url.find(scheme_separator);
    if (sep == std::string_view::npos)
        fail(url, "missing '://' after the scheme (accepted schemes: " + std::string(accepted_schemes) + ")");
    const std::string_view raw_scheme = url.substr(0, sep);
    if (raw_scheme.empty()) fail(url, "missing scheme (accepted: " + std::string(accepted_schemes) + ")");
    if (!is_scheme_token(raw_scheme))
        fail(url, "bad scheme (accepted: " + std::string(accepted_schemes) + ")");

    config cfg;
    const std::string scheme = lower(raw_scheme);
    if (scheme == "sqlite" || scheme == "sqlite3") {
        cfg.backend = backend_kind::sqlite;
    } else if (scheme == "postgresql" || scheme == "postgres") {
        cfg.backend = backend_kind::postgresql;
    } else if (scheme == "mysql" || scheme == "mariadb") {
        cfg.backend = backend_kind::mysql;
    } else {
        fail(url, "unknown scheme '" + std::string(raw_scheme) +
                      "' (accepted: " + std::string(accepted_schemes) + ")");
    }

    const std::string_view rest = url.substr(sep + scheme_separator.size());
    if (cfg.backend == backend_kind::sqlite)
        parse_sqlite(url, rest, cfg);
    else
        parse_server(url, rest, cfg);
    return cfg;
}

config config::from_env() {
    const char* value = std::getenv("DATABASE_URL");
    if (value == nullptr || *value == '\0') return from_url(default_url);
    return from_url(value);
}

std::optional<std::string> config::option(std::string_view name) const {
    for (const auto& [key, value] : options)
        if (key == name) return value;
    return std::nullopt;
}

std::string config::masked_url() const {
    std::string out = to_string(backend);
    out += "://";
    if (backend == backend_kind::sqlite) {
        if (database == memory_database) {
            out += memory_database;
        } else {
            out += '/';
            out += percent_encode(database, "/:@!$&'()*,;=");
        }
    } else {
        if (!user.empty() || !password.empty()) {
            out += percent_encode(user, "!$&'()*,;=");
            if (!password.empty()) {
                out += ':';
                out += mask;
            }
            out += '@';
        }
        if (host.find(':') != std::string::npos) {
            out += '[';
            out += host;
            out += ']';
        } else {
            out += percent_encode(host, "");
        }
        if (port) {
            out += ':';
            out += std::to_string(*port);
        }
        out += '/';
        out += percent_encode(database, ":@!$&'()*,;=");
    }
    char separator = '?';
    for (const auto& [key, value] : options) {
        out += separator;
        separator = '&';
        out += percent_encode(key, "/:@!$'()*,;");
        out += '=';
        if (is_secret_option(key))
            out += mask;
        else
            out += percent_encode(value, "/:@!$'()*,;");
    }
    return out;
}

std::string mask_password(std::string_view url) {
    std::string out(url);
    const auto [colon, at] = password_span(url);
    std::size_t query_from = 0;
    if (colon != std::string_view::npos) {
        if (at > colon + 1) out.replace(colon + 1, at - colon - 1, mask);
        query_from = out.find('@', colon) + 1;
    }

    // Options that carry secrets (password=, sslpassword=, ...) are masked too.
    const std::size_t q = out.find('?', query_from);
    if (q != std::string::npos) {
        std::size_t begin = q + 1;
        while (begin <= out.size()) {
            std::size_t end = out.find_first_of("&#", begin);
            if (end == std::string::npos) end = out.size();
            const std::size_t eq = out.find('=', begin);
            if (eq != std::string::npos && eq < end &&
                is_secret_option(std::string_view(out).substr(begin, eq - begin)) && end > eq + 1) {
                out.replace(eq + 1, end - eq - 1, mask);
                end = eq + 1 + mask.size();
            }
            if (end >= out.size() || out[end] == '#') break;
            begin = end + 1;
        }
    }
    return out;
}

}  // namespace cormorant
