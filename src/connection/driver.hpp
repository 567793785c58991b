#pragma once
// The seam where a database plugs in: how to connect through SOCI, what to
// run on a new connection, which dialect (src/sql/) the connection speaks,
// and how to classify the database's errors. One implementation per file in
// backends/. It knows nothing of connection.hpp: the connection uses it.

#include <soci/soci-backend.h>
#include <soci/soci.h>

#include <cctype>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/config.hpp"
#include "cormorant/dialect.hpp"
#include "cormorant/errors.hpp"

namespace cormorant::detail {

class driver {
public:
    virtual ~driver() = default;
    virtual const dialect& sql() const noexcept = 0;
    virtual const soci::backend_factory& factory() const = 0;
    /// SOCI's connection string for `cfg`; config_error for unknown options.
    virtual std::string connect_string(const config& cfg) const = 0;
    /// Session set-up after connecting (pragmas, session variables); returns
    /// the dialect for this connection (it may depend on the server version).
    virtual const dialect& on_connect(soci::session&, const config&) const { return sql(); }
    /// The text to prepare for SQL written with cormorant's `:p1, :p2 ...`
    /// placeholders (bound by position); as is by default.
    virtual std::string native_sql(std::string_view sql) const { return std::string(sql); }
    /// The names of the columns a query returns, in order, as the database
    /// reports them: `sql` (cormorant's `:p1, :p2 ...` placeholders) is
    /// prepared through the driver's own library and described, not run.
    /// Errors are thrown as SOCI's error of the backend, for raise().
    virtual std::vector<std::string> result_columns(soci::session&, std::string_view sql) const = 0;
    /// Throws the cormorant exception that matches a driver error.
    [[noreturn]] virtual void raise(const soci::soci_error& e, statement_context ctx) const = 0;

    /// True where statements are kept prepared per connection and run again
    /// (connection/statement_cache.hpp); false: each is prepared for one run.
    virtual bool caches_statements() const noexcept { return false; }
    /// Ends the current execution of a cached statement whatever state it is
    /// in, so that it holds nothing open between runs (SQLite: an unfinished
    /// SELECT keeps a read transaction, which makes COMMIT fail with "SQL
    /// statements in progress" and keeps WAL checkpoints from completing).
    virtual void reset_statement(soci::statement&) const noexcept {}
    /// False where a failed COMMIT leaves the transaction open (SQLite, after
    /// a deferred foreign key or busy): the connection then rolls it back.
    virtual bool failed_commit_ends_transaction() const noexcept { return true; }
    /// The most parameters one statement may bind on this connection; by
    /// default the dialect's (SQLite reads its compiled limit).
    virtual std::size_t max_parameters(soci::session&, const dialect& d) const { return d.max_parameters(); }
    /// The port a server listens on when the URL names none.
    virtual std::uint16_t default_port() const noexcept { return 0; }
    /// Where the database is, for messages (never the password): by default
    /// "postgresql database 'shop' at db:5432".
    virtual std::string location(const config& cfg) const;
};

/// The driver of a backend; config_error when it was not built in.
const driver& driver_for(backend_kind backend);

// Defined in backends/<db>.cpp; a driver is nullptr when SOCI's backend was not found.
const driver* sqlite_driver() noexcept;
const driver* postgresql_driver() noexcept;
const driver* mysql_driver() noexcept;

/// SOCI's connection string for `cfg` (what database::open hands to SOCI);
/// config_error for an unknown option or a backend not built in.
inline std::string soci_connect_string(const config& cfg) {
    return driver_for(cfg.backend).connect_string(cfg);
}

/// A driver message on one line: runs of whitespace (libpq's messages span
/// lines and indent with tabs) become one space, none at either end.
inline std::string one_line(std::string_view message) {
    std::string out;
    bool space = false;
    for (char c : message) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

/// True when `name` is in `list`.
inline bool contains(std::span<const std::string_view> list, std::string_view name) {
    for (std::string_view x : list)
        if (x == name) return true;
    return false;
}

/// A value in a SOCI / libpq "key=value" connect string: bare when plain,
/// otherwise in single quotes with quotes and backslashes escaped.
inline std::string quoted_option_value(std::string_view v) {
    bool plain = !v.empty();
    for (char c : v)
        if (c == '\'' || c == '\\' || std::isspace(static_cast<unsigned char>(c))) plain = false;
    if (plain) return std::string(v);
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

/// "<operation> on <table> failed: <message>" (parts left out when empty).
std::string describe(statement_context ctx, const std::string& message);

}  // namespace cormorant::detail
