#include "cormorant/database.hpp"

#include "cormorant/schema.hpp"

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

void database::create_tables(const std::vector<const table_info*>& tables) {
    const pooled_connection c = acquire();
    for (const std::string& sql : create_statements(dialect(), tables))
        c->execute(sql, {}, {"", "create table"});
}

void database::drop_tables(const std::vector<const table_info*>& tables) {
    const pooled_connection c = acquire();
    for (const std::string& sql : drop_statements(dialect(), tables)) c->execute(sql, {}, {"", "drop table"});
}

}  // namespace cormorant
