#include "cormorant/database.hpp"

#include "cormorant/schema.hpp"

namespace cormorant {

struct database::state {
    config cfg;
    std::unique_ptr<connection> conn;
};

database database::open(const config& cfg) {
    auto s = std::make_shared<state>();
    s->cfg = cfg;
    s->conn = connection::open(cfg);
    return database(std::move(s));
}

backend_kind database::backend() const noexcept { return s_->cfg.backend; }
const dialect& database::dialect() const noexcept { return s_->conn->dialect(); }
const config& database::settings() const noexcept { return s_->cfg; }
connection& database::conn() noexcept { return *s_->conn; }

void database::create_tables(const std::vector<const table_info*>& tables) {
    for (const std::string& sql : create_statements(dialect(), tables)) conn().execute(sql, {}, {"", "create table"});
}

void database::drop_tables(const std::vector<const table_info*>& tables) {
    for (const std::string& sql : drop_statements(dialect(), tables)) conn().execute(sql, {}, {"", "drop table"});
}

}  // namespace cormorant
