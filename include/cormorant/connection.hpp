#pragma once
/// \file connection.hpp
/// One open connection to a database: runs SQL with bound values, reads rows
/// in storage form, keeps transaction state, and turns driver errors into
/// cormorant's exceptions. Sessions use it; most programs never touch it.
///
///     auto conn = cormorant::connection::open(cormorant::config::from_url("sqlite://:memory:"));
///     conn->execute("CREATE TABLE t (x BIGINT)", {});
///     conn->execute("INSERT INTO t (x) VALUES (:p1)", {cormorant::value{std::int64_t{42}}});

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/config.hpp"
#include "cormorant/dialect.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/isolation.hpp"
#include "cormorant/value.hpp"

namespace cormorant {

namespace detail {
struct transaction_state;
}

class connection {
public:
    /// Connects; throws connection_error (naming host, port and database,
    /// never the password) or config_error.
    static std::unique_ptr<connection> open(const config& cfg);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    const cormorant::dialect& dialect() const noexcept;
    backend_kind backend() const noexcept;
    /// The most parameters one statement may bind here (SQLite: its compiled
    /// limit, read at connect; PostgreSQL and MySQL: 65,535). A statement
    /// with more is refused with "too many parameters: N, this database allows M".
    std::size_t max_parameters() const noexcept;

    /// Runs a statement with `params` bound to :p1, :p2, ...; returns the
    /// number of rows it affected.
    std::uint64_t execute(std::string_view sql, std::span<const value> params, statement_context ctx = {});

    /// Runs a query; each result column is read as `types[i]` and `on_row` is
    /// called once per row with the row's values (valid during the call only).
    void query(std::string_view sql, std::span<const value> params, std::span<const sql_type> types,
               const std::function<void(std::span<value>)>& on_row, statement_context ctx = {});

    /// The names of the columns a query returns, in order, as the database
    /// reports them, learnt without running it: SQLite prepares it; MySQL
    /// prepares it on the server (one round trip), PostgreSQL prepares and
    /// describes it (two). Not counted in statements_sent, not traced.
    ///
    ///     conn->result_columns("SELECT id, title FROM posts WHERE id = :p1");   // {"id", "title"}
    std::vector<std::string> result_columns(std::string_view sql, statement_context ctx = {});

    /// Runs one statement once per row of `rows` (each row binds `types.size()`
    /// values, read as `types`), prepared once; returns the rows each affected.
    std::vector<std::uint64_t> execute_many(std::string_view sql, std::span<const sql_type> types,
                                            std::span<const std::vector<value>> rows,
                                            statement_context ctx = {});

    /// BEGIN, at `isolation` when given (throws transaction_error where the
    /// database cannot honour it).
    void begin(std::optional<isolation_level> isolation = {});
    void commit();
    void rollback();
    bool in_transaction() const noexcept;

    /// False once a statement failed with connection_error (the server went
    /// away, the session was killed), or when the connection no longer answers:
    /// on PostgreSQL and MySQL this asks the server (a round trip).
    bool alive() const noexcept;
    /// True once a statement failed with connection_error; no round trip.
    bool lost() const noexcept;

    /// The atomic blocks open on this connection (savepoints, rollback mark,
    /// on_commit callbacks); sessions keep it, programs do not touch it.
    detail::transaction_state& atomic_state() noexcept;

    /// Statements sent since the connection opened.
    std::uint64_t statements_sent() const noexcept;

    /// Calls `trace` with the SQL of every statement before it is sent (each
    /// execution counts); an empty function turns tracing off.
    void set_trace(std::function<void(std::string_view sql)> trace);

    struct impl;

private:
    explicit connection(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

}  // namespace cormorant
