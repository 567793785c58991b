// The driver of MySQL and MariaDB: connection options, strict mode and UTC
// for every session, RETURNING detected from the server version, and error
// numbers classified. Its SQL dialect is src/sql/dialect_mysql.cpp.
#include "connection/driver.hpp"
#include "cormorant/errors.hpp"
#include "sql/dialects.hpp"

#ifdef CORMORANT_HAVE_MYSQL
#include <soci/mysql/soci-mysql.h>

#include <cctype>
#include <charconv>
#include <memory>
#include <span>
#include <string_view>

namespace cormorant::detail {
namespace {

// URL options handed to SOCI's MySQL backend unchanged (SOCI 4.0.3 accepts
// these keys and refuses any other). Left out on purpose: reconnect (a silent
// reconnect would lose the session settings and any open transaction); charset
// is always utf8mb4.
constexpr std::string_view soci_mysql_options[] = {"connect_timeout", "local_infile", "read_timeout",
                                                   "sslca",           "sslcert",      "sslkey",
                                                   "unix_socket",     "write_timeout"};

// Options cormorant itself reads: pool_size and pool_timeout (the pool),
// returning (off forces LAST_INSERT_ID() key read-back even where RETURNING
// exists).
constexpr std::string_view own_options[] = {"pool_size", "pool_timeout", "returning"};

// "10.11.6-MariaDB-0+deb12u1" -> true when MariaDB 10.5 or later.
bool has_returning(const std::string& version) {
    if (version.find("MariaDB") == std::string::npos) return false;
    int major = 0, minor = 0;
    const char* p = version.data();
    const char* end = p + version.size();
    auto r = std::from_chars(p, end, major);
    if (r.ec != std::errc{} || r.ptr == end || *r.ptr != '.') return false;
    r = std::from_chars(r.ptr + 1, end, minor);
    if (r.ec != std::errc{}) return false;
    return major > 10 || (major == 10 && minor >= 5);
}

// Error numbers (mysqld_error.h, errmsg.h, MariaDB's additions).
constexpr unsigned er_dup_entry = 1062, er_dup_entry_with_key_name = 1586;
constexpr unsigned er_row_is_referenced = 1451, er_no_referenced_row = 1452;
constexpr unsigned er_row_is_referenced_old = 1217, er_no_referenced_row_old = 1216;
constexpr unsigned er_bad_null = 1048, er_no_default_for_field = 1364;
constexpr unsigned er_check_constraint_violated = 3819, er_constraint_failed = 4025;
constexpr unsigned er_lock_deadlock = 1213, er_lock_wait_timeout = 1205;
constexpr unsigned er_option_prevents_statement = 1290, er_read_only_mode = 1836,
                   er_cant_execute_in_read_only_transaction = 1792;
constexpr unsigned er_data_too_long = 1406, er_warn_data_out_of_range = 1264;
constexpr unsigned er_server_shutdown = 1053, er_unknown_com = 1047, er_connection_killed = 1927;
constexpr unsigned cr_connection_error = 2002, cr_conn_host_error = 2003, cr_server_gone = 2006,
                   cr_server_lost = 2013;

class mysql_driver_t final : public driver {
public:
    const dialect& sql() const noexcept override { return mysql_dialect(); }
    const soci::backend_factory& factory() const override { return *soci::factory_mysql(); }

    std::string connect_string(const config& cfg) const override {
        std::string out = "host=" + quoted_option_value(cfg.host);
        out += " port=" + std::to_string(cfg.port.value_or(3306));
        out += " db=" + quoted_option_value(cfg.database);
        if (!cfg.user.empty()) out += " user=" + quoted_option_value(cfg.user);
        if (!cfg.password.empty()) out += " password=" + quoted_option_value(cfg.password);
        out += " charset=utf8mb4";
        for (const auto& [k, v] : cfg.options) {
            if (k == "returning") {
                if (v != "on" && v != "off")
                    throw config_error("invalid database URL '" + cfg.masked_url() +
                                       "': option 'returning' must be 'on' or 'off', not '" + v + "'");
                continue;
            }
            if (k == "charset") {
                // Accepted for the usual spelling of a MySQL URL; it can only
                // say what cormorant sets anyway.
                if (v != "utf8mb4")
                    throw config_error(
                        "invalid database URL '" + cfg.masked_url() +
                        "': option 'charset' must be 'utf8mb4' (cormorant's tables and connections "
                        "are utf8mb4), not '" +
                        v + "'");
                continue;
            }
            if (contains(own_options, k)) continue;
            if (!contains(soci_mysql_options, k)) {
                std::string known;
                for (std::string_view o : soci_mysql_options) known += ", " + std::string(o);
                throw config_error("invalid database URL '" + cfg.masked_url() + "': unknown MySQL option '" +
                                   k + "' (known: pool_size, pool_timeout, returning, charset" + known + ")");
            }
            out += " " + k + "=" + quoted_option_value(v);
        }
        return out;
    }

    const dialect& on_connect(soci::session& s, const config& cfg) const override {
        // Strict mode: an over-long text or an out-of-range number is an
        // error, not a silent truncation.
        s << "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_TRANS_TABLES')";
        s << "SET SESSION time_zone = '+00:00'";
        std::string version;
        s << "SELECT VERSION()", soci::into(version);
        if (cfg.option("returning") == "off" || !has_returning(version)) return mysql_dialect(false);
        return sql();
    }

    std::vector<std::string> result_columns(soci::session& s, std::string_view sql) const override {
        MYSQL* conn = static_cast<soci::mysql_session_backend*>(s.get_backend())->conn_;
        const std::string text = native_placeholders(sql, native_placeholder::question_mark);
        MYSQL_STMT* st = mysql_stmt_init(conn);
        if (!st) throw soci::mysql_soci_error(mysql_error(conn), static_cast<int>(mysql_errno(conn)));
        // Closed on every path (closing sends no reply to wait for).
        const std::unique_ptr<MYSQL_STMT, decltype(&mysql_stmt_close)> guard(st, &mysql_stmt_close);
        if (mysql_stmt_prepare(st, text.data(), static_cast<unsigned long>(text.size())) != 0)
            throw soci::mysql_soci_error(mysql_stmt_error(st), static_cast<int>(mysql_stmt_errno(st)));
        std::vector<std::string> names;
        MYSQL_RES* meta = mysql_stmt_result_metadata(st);  // nullptr: the statement returns no rows
        if (meta) {
            const unsigned n = mysql_num_fields(meta);
            const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
            for (unsigned i = 0; i < n; ++i) names.emplace_back(fields[i].name, fields[i].name_length);
            mysql_free_result(meta);
        }
        return names;
    }

    std::uint16_t default_port() const noexcept override { return 3306; }

    [[noreturn]] void raise(const soci::soci_error& e, statement_context ctx) const override {
        const std::string msg = describe(ctx, one_line(e.get_error_message()));
        const std::string table(ctx.table), op(ctx.operation);
        unsigned code = 0;
        if (auto* me = dynamic_cast<const soci::mysql_soci_error*>(&e)) code = me->err_num_;
        using ik = integrity_error::kind;
        using tk = transient_error::kind;
        switch (code) {
            case er_dup_entry:
            case er_dup_entry_with_key_name:
                throw integrity_error(ik::unique, msg, table, op);
            case er_row_is_referenced:
            case er_no_referenced_row:
            case er_row_is_referenced_old:
            case er_no_referenced_row_old:
                throw integrity_error(ik::foreign_key, msg, table, op);
            case er_bad_null:
            case er_no_default_for_field:
                throw integrity_error(ik::not_null, msg, table, op);
            case er_check_constraint_violated:
            case er_constraint_failed:
                throw integrity_error(ik::check, msg, table, op);
            case er_lock_deadlock:
                throw transient_error(tk::deadlock, msg, table, op);
            case er_lock_wait_timeout:
                throw transient_error(tk::lock_timeout, msg, table, op);
            case er_option_prevents_statement:
            case er_read_only_mode:
            case er_cant_execute_in_read_only_transaction:
                throw read_only_error(msg, table, op);
            case er_data_too_long:
            case er_warn_data_out_of_range:
                throw data_error(msg, table, op);
            case er_server_shutdown:
            case er_unknown_com:
            case er_connection_killed:
            case cr_connection_error:
            case cr_conn_host_error:
            case cr_server_gone:
            case cr_server_lost:
                throw connection_error(msg, table, op);
            default:
                break;
        }
        if (e.get_error_category() == soci::soci_error::connection_error)
            throw connection_error(msg, table, op);
        throw database_error(msg, table, op);
    }
};

}  // namespace

const driver* mysql_driver() noexcept {
    static const mysql_driver_t d;
    return &d;
}

}  // namespace cormorant::detail
#else
const cormorant::detail::driver* cormorant::detail::mysql_driver() noexcept {
    return nullptr;
}
#endif
