#include "cormorant/database.hpp"

#include <cstdint>
#include <span>
#include <string_view>

#include "connection/transaction_scope.hpp"
#include "cormorant/schema.hpp"
#include "cormorant/sql.hpp"

namespace cormorant {

struct database::state {
    config cfg;
    std::shared_ptr<connection_pool> pool;
};

database database::open(const config& cfg) {
    auto s = std::make_shared<state>();
    s->cfg = cfg;
    s->pool = connection_pool::open(cfg);
    return database(std::move(s));
}

backend_kind database::backend() const noexcept {
    return s_->cfg.backend;
}
const dialect& database::dialect() const noexcept {
    return s_->pool->dialect();
}
std::size_t database::max_parameters() const noexcept {
    return s_->pool->max_parameters();
}
const config& database::settings() const noexcept {
    return s_->cfg;
}

pooled_connection database::acquire() const {
    return s_->pool->acquire();
}

void database::read_raw(std::string_view sql, std::span<const value> params,
                        const detail::result_shape& shape,
                        const std::function<void(std::span<value>)>& on_row) {
    detail::read_result(*acquire(), sql::raw_placeholders(sql), params, shape, on_row, {"", "select"});
}
std::size_t database::pool_size() const noexcept {
    return s_->pool->settings().size;
}
std::size_t database::size() const {
    return s_->pool->size();
}
std::size_t database::idle() const {
    return s_->pool->idle();
}
std::size_t database::waiting() const {
    return s_->pool->waiting();
}

namespace {

/// True when `s` is to be sent; a condition is asked of the catalog.
bool holds(connection& c, const schema_statement& s) {
    using condition = schema_statement::condition;
    if (s.when == condition::always) return true;
    const value params[] = {value{s.table}, value{s.constraint}};
    const sql_type types[] = {sql_type::int64};
    std::int64_t n = 0;
    c.query(sql::count_constraints(c.dialect()), params, types,
            [&](std::span<value> row) { n = row[0].as_int(); }, {s.table, "schema catalog"});
    return (n > 0) == (s.when == condition::constraint_present);
}

void run(connection& c, const schema_script& script, std::string_view operation) {
    auto send = [&] {
        for (const schema_statement& s : script.statements)
            if (holds(c, s)) c.execute(s.sql, {}, {"", operation});
    };
    if (script.one_transaction)
        detail::run_atomically(c, "cormorant_schema", send);
    else
        send();
}

}  // namespace

void database::create_tables(const std::vector<const table_info*>& tables) {
    const pooled_connection c = acquire();
    run(*c, create_statements(dialect(), tables), "create table");
}

void database::drop_tables(const std::vector<const table_info*>& tables) {
    const pooled_connection c = acquire();
    run(*c, drop_statements(dialect(), tables), "drop table");
}

}  // namespace cormorant
