// PostgreSQL's driver: libpq connection keywords, the session's time zone
// and date style, and SQLSTATE codes classified. Its SQL dialect is
// src/sql/dialect_postgresql.cpp.
#include "connection/driver.hpp"
#include "cormorant/diagnostics.hpp"
#include "cormorant/errors.hpp"
#include "sql/dialects.hpp"

#ifdef CORMORANT_HAVE_POSTGRESQL
#include <soci/postgresql/soci-postgresql.h>

#include <cctype>
#include <memory>
#include <span>
#include <string_view>

namespace cormorant::detail {
namespace {

// URL options handed to libpq unchanged: connection keywords it documents
// that make sense in a URL (not host, port, dbname, user, password, options:
// those come from the URL itself or from cormorant).
constexpr std::string_view libpq_options[] = {"application_name",
                                              "channel_binding",
                                              "connect_timeout",
                                              "fallback_application_name",
                                              "gssencmode",
                                              "hostaddr",
                                              "keepalives",
                                              "keepalives_count",
                                              "keepalives_idle",
                                              "keepalives_interval",
                                              "krbsrvname",
                                              "passfile",
                                              "requirepeer",
                                              "service",
                                              "ssl_max_protocol_version",
                                              "ssl_min_protocol_version",
                                              "sslcert",
                                              "sslcompression",
                                              "sslcrl",
                                              "sslcrldir",
                                              "sslkey",
                                              "sslmode",
                                              "sslrootcert",
                                              "sslsni",
                                              "target_session_attrs",
                                              "tcp_user_timeout"};

// Options cormorant itself reads (the pool); the driver ignores them.
constexpr std::string_view own_options[] = {"pool_size", "pool_timeout"};

PGconn* native(soci::session& s) {
    return static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
}

void route_notice(void*, const char* message) {
    report_diagnostic(one_line(message));
}

struct result_deleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result = std::unique_ptr<PGresult, result_deleter>;

// Throws SOCI's PostgreSQL error for a failed libpq call, with the server's
// message and SQLSTATE (raise() classifies it).
void check(PGconn* conn, const PGresult* r) {
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
    // A lost connection has no SQLSTATE; class 08 makes raise() say so.
    if (!state && PQstatus(conn) == CONNECTION_BAD) state = "08006";
    throw soci::postgresql_soci_error(message && *message ? message : "the server sent no message",
                                      state ? state : "");
}

class postgresql_driver_t final : public driver {
public:
    const dialect& sql() const noexcept override { return postgresql_dialect(); }
    const soci::backend_factory& factory() const override { return *soci::factory_postgresql(); }

    std::string connect_string(const config& cfg) const override {
        std::string out = "host=" + quoted_option_value(cfg.host);
        out += " port=" + std::to_string(cfg.port.value_or(5432));
        out += " dbname=" + quoted_option_value(cfg.database);
        if (!cfg.user.empty()) out += " user=" + quoted_option_value(cfg.user);
        if (!cfg.password.empty()) out += " password=" + quoted_option_value(cfg.password);
        out += " options='-c client_min_messages=warning'";
        for (const auto& [k, v] : cfg.options) {
            if (contains(own_options, k)) continue;
            if (!contains(libpq_options, k)) {
                std::string known;
                for (std::string_view o : libpq_options)
                    known += (known.empty() ? "" : ", ") + std::string(o);
                throw config_error("invalid database URL '" + cfg.masked_url() +
                                   "': unknown PostgreSQL option '" + k +
                                   "' (known: pool_size, pool_timeout, " + known + ")");
            }
            out += " " + k + "=" + quoted_option_value(v);
        }
        return out;
    }

    const dialect& on_connect(soci::session& s, const config&) const override {
        // libpq prints notices (and its own complaints, such as a column number
        // out of range) to stderr; a library must not.
        PQsetNoticeProcessor(native(s), &route_notice, nullptr);
        // Timestamps are stored without a time zone; keep the session's zone
        // fixed so that nothing the server does with them depends on it.
        s << "SET TIME ZONE 'UTC'";
        s << "SET datestyle = 'ISO, YMD'";
        return sql();
    }

    std::vector<std::string> result_columns(soci::session& s, std::string_view sql) const override {
        PGconn* conn = native(s);
        const std::string text = native_placeholders(sql, native_placeholder::dollar_numbered);
        // The unnamed statement: the next statement SOCI runs replaces it.
        // Parameter types are left to the server, as SOCI leaves them.
        const result prepared{PQprepare(conn, "", text.c_str(), 0, nullptr)};
        check(conn, prepared.get());
        const result described{PQdescribePrepared(conn, "")};
        check(conn, described.get());
        std::vector<std::string> names;
        const int n = PQnfields(described.get());
        for (int i = 0; i < n; ++i) names.emplace_back(PQfname(described.get(), i));
        return names;
    }

    std::uint16_t default_port() const noexcept override { return 5432; }

    [[noreturn]] void raise(const soci::soci_error& e, statement_context ctx) const override {
        // SOCI puts its own sentences first ("Cannot execute query. Fatal error. ");
        // the server's text starts at its severity.
        std::string text = one_line(e.get_error_message());
        for (const char* severity : {"ERROR: ", "FATAL: ", "PANIC: "})
            if (const auto at = text.find(severity); at != std::string::npos) {
                text.erase(0, at);
                break;
            }
        const std::string msg = describe(ctx, text);
        const std::string table(ctx.table), op(ctx.operation);
        std::string state;
        if (auto* pe = dynamic_cast<const soci::postgresql_soci_error*>(&e)) state = pe->sqlstate();
        using ik = integrity_error::kind;
        using tk = transient_error::kind;
        if (state == "23505") throw integrity_error(ik::unique, msg, table, op);
        if (state == "23503") throw integrity_error(ik::foreign_key, msg, table, op);
        if (state == "23502") throw integrity_error(ik::not_null, msg, table, op);
        if (state == "23514") throw integrity_error(ik::check, msg, table, op);
        if (state == "40001") throw transient_error(tk::serialization_failure, msg, table, op);
        if (state == "40P01") throw transient_error(tk::deadlock, msg, table, op);
        if (state == "55P03") throw transient_error(tk::lock_timeout, msg, table, op);
        if (state == "25006") throw read_only_error(msg, table, op);
        if (state == "22001" || state == "22003") throw data_error(msg, table, op);
        // in_failed_sql_transaction: an earlier statement failed and nothing
        // but ROLLBACK (or ROLLBACK TO SAVEPOINT) is accepted until then.
        if (state == "25P02")
            throw transaction_error(msg +
                                    " (the transaction was aborted by an earlier failed statement; "
                                    "roll it back before running anything else)");
        // Class 08 (connection exception), and the server ending the session
        // (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
        if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
            e.get_error_category() == soci::soci_error::connection_error)
            throw connection_error(msg, table, op);
        throw database_error(msg, table, op);
    }
};

}  // namespace

const driver* postgresql_driver() noexcept {
    static const postgresql_driver_t d;
    return &d;
}

}  // namespace cormorant::detail
#else
const cormorant::detail::driver* cormorant::detail::postgresql_driver() noexcept {
    return nullptr;
}
#endif
