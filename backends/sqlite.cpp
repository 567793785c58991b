// SQLite's driver: the embedded default. What is its own: file databases get
// WAL and synchronous=NORMAL, placeholders go as `?`, and extended result
// codes classify errors. Its SQL dialect is src/sql/dialect_sqlite.cpp.
#include "connection/driver.hpp"
#include "cormorant/errors.hpp"
#include "sql/dialects.hpp"

#ifdef CORMORANT_HAVE_SQLITE3
#include <soci/sqlite3/soci-sqlite3.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstring>

#ifdef CORMORANT_HAVE_SQLITE3
namespace cormorant::detail {
namespace {

/// The URL option transaction_mode: how this connection's transactions
/// begin (deferred, the default; immediate; exclusive).
std::string transaction_mode(const config& cfg) {
    std::string mode = cfg.option("transaction_mode").value_or("deferred");
    for (char& c : mode) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return mode;
}

sqlite_begin begin_mode(const std::string& mode) {
    if (mode == "immediate") return sqlite_begin::immediate;
    if (mode == "exclusive") return sqlite_begin::exclusive;
    return sqlite_begin::deferred;
}

// Extended result codes (sqlite3.h); the primary code is the low byte.
constexpr int sqlite_busy = 5;
constexpr int sqlite_locked = 6;
constexpr int sqlite_constraint = 19;
constexpr int constraint_check = 275;
constexpr int constraint_foreignkey = 787;
constexpr int constraint_notnull = 1299;
constexpr int constraint_primarykey = 1555;
constexpr int constraint_unique = 2067;

class sqlite_driver_t final : public driver {
public:
    const dialect& sql() const noexcept override { return sqlite_dialect(); }
    const soci::backend_factory& factory() const override { return *soci::factory_sqlite3(); }

    std::string connect_string(const config& cfg) const override {
        for (const auto& [k, v] : cfg.options) {
            if (k != "journal_mode" && k != "synchronous" && k != "foreign_keys" && k != "busy_timeout" &&
                k != "transaction_mode")
                throw config_error("invalid database URL '" + cfg.masked_url() +
                                   "': unknown SQLite option '" + k +
                                   "' (known: journal_mode, synchronous, foreign_keys, busy_timeout, "
                                   "transaction_mode)");
        }
        const std::string mode = transaction_mode(cfg);
        if (mode != "deferred" && mode != "immediate" && mode != "exclusive")
            throw config_error("invalid database URL '" + cfg.masked_url() +
                               "': transaction_mode must be "
                               "deferred, immediate or exclusive, not '" +
                               mode + "'");
        // SOCI's value syntax: quote the path so spaces survive.
        std::string path;
        for (char c : cfg.database) {
            if (c == '"') path += '\\';
            path += c;
        }
        return "db=\"" + path + "\"";
    }

    const dialect& on_connect(soci::session& s, const config& cfg) const override {
        auto* backend = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
        // Report unique / foreign key / not null violations with their own codes.
        sqlite_api::sqlite3_extended_result_codes(backend->conn_, 1);
        // A double-quoted name SQLite cannot resolve is an error, not a string
        // literal: otherwise a column missing from the table reads back as its
        // own name (or as 0), where the servers report the missing column.
        sqlite_api::sqlite3_db_config(backend->conn_, SQLITE_DBCONFIG_DQS_DML, 0, static_cast<int*>(nullptr));
        sqlite_api::sqlite3_db_config(backend->conn_, SQLITE_DBCONFIG_DQS_DDL, 0, static_cast<int*>(nullptr));
        const bool memory = cfg.database == ":memory:";
        const std::string busy = cfg.option("busy_timeout").value_or("5000");
        const std::string fk = cfg.option("foreign_keys").value_or("ON");
        const std::string journal = cfg.option("journal_mode").value_or(memory ? "MEMORY" : "WAL");
        const std::string sync = cfg.option("synchronous").value_or("NORMAL");
        const auto is_word = [](const std::string& v) {
            return !v.empty() &&
                   std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
        };
        for (const std::string* v : {&busy, &fk, &journal, &sync})
            if (!is_word(*v))
                throw config_error("invalid database URL '" + cfg.masked_url() +
                                   "': bad SQLite option value '" + *v + "'");
        s << "PRAGMA busy_timeout = " + busy;
        s << "PRAGMA foreign_keys = " + fk;
        std::string mode;
        s << "PRAGMA journal_mode = " + journal, soci::into(mode);
        s << "PRAGMA synchronous = " + sync;
        return sqlite_dialect(begin_mode(transaction_mode(cfg)));
    }

    // SQLite looks every named parameter up in a list while it parses, so
    // preparing a statement with n of them takes O(n^2): about 40 ms for the
    // 2,500 of a 500-row INSERT. Values are bound by position, so :p1, :p2,
    // ... become anonymous `?`, which SQLite numbers the same way.
    std::string native_sql(std::string_view sql) const override {
        return native_placeholders(sql, native_placeholder::question_mark, /*bracket_quotes=*/true);
    }

    std::vector<std::string> result_columns(soci::session& s, std::string_view sql) const override {
        auto* backend = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
        const std::string text = native_sql(sql);
        sqlite_api::sqlite3_stmt* st = nullptr;
        const int rc = sqlite_api::sqlite3_prepare_v2(backend->conn_, text.c_str(),
                                                      static_cast<int>(text.size()), &st, nullptr);
        if (rc != SQLITE_OK) {
            // The database's message only: no statement text, no values.
            const std::string message = sqlite_api::sqlite3_errmsg(backend->conn_);
            const int code = sqlite_api::sqlite3_extended_errcode(backend->conn_);
            sqlite_api::sqlite3_finalize(st);
            throw soci::sqlite3_soci_error(message, code);
        }
        std::vector<std::string> names;
        if (st) {  // nullptr for text without a statement
            const int n = sqlite_api::sqlite3_column_count(st);
            for (int i = 0; i < n; ++i) names.emplace_back(sqlite_api::sqlite3_column_name(st, i));
            sqlite_api::sqlite3_finalize(st);
        }
        return names;
    }

    bool caches_statements() const noexcept override { return true; }

    void reset_statement(soci::statement& st) const noexcept override {
        // SOCI's SQLite backend resets a statement only when it runs it again.
        // The backend's classes are not exported, so no dynamic_cast; only
        // statements of SQLite sessions come here.
        auto* backend = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
        if (backend && backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
    }

    bool failed_commit_ends_transaction() const noexcept override { return false; }

    std::size_t max_parameters(soci::session& s, const dialect&) const override {
        // SQLITE_MAX_VARIABLE_NUMBER is a build option of the library.
        auto* backend = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
        const int limit = sqlite_api::sqlite3_limit(backend->conn_, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
        return limit > 0 ? static_cast<std::size_t>(limit) : 999;
    }

    std::string location(const config& cfg) const override {
        return "SQLite database '" + cfg.database + "'";
    }

    [[noreturn]] void raise(const soci::soci_error& e, statement_context ctx) const override {
        // SOCI puts the function that failed first ("sqlite3_statement_backend::loadOne: ");
        // SQLite's own text is the reason.
        std::string text = one_line(e.get_error_message());
        if (const auto colon = text.find(": "); text.starts_with("sqlite3_") && text.find("::") < colon)
            text.erase(0, colon + 2);
        const std::string msg = describe(ctx, text);
        const std::string table(ctx.table), op(ctx.operation);
        int code = 0;
        if (auto* se = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) code = se->result();
        using k = integrity_error::kind;
        switch (code) {
            case constraint_unique:
            case constraint_primarykey:
                throw integrity_error(k::unique, msg, table, op);
            case constraint_foreignkey:
                throw integrity_error(k::foreign_key, msg, table, op);
            case constraint_notnull:
                throw integrity_error(k::not_null, msg, table, op);
            case constraint_check:
                throw integrity_error(k::check, msg, table, op);
            default:
                break;
        }
        const int primary = code & 0xff;
        if (primary == sqlite_busy || primary == sqlite_locked)
            throw transient_error(transient_error::kind::busy, msg, table, op);
        if (primary == sqlite_constraint) throw integrity_error(k::check, msg, table, op);
        throw database_error(msg, table, op);
    }
};

}  // namespace

const driver* sqlite_driver() noexcept {
    static const sqlite_driver_t d;
    return &d;
}

}  // namespace cormorant::detail
#else
const cormorant::detail::driver* cormorant::detail::sqlite_driver() noexcept {
    return nullptr;
}
#endif
