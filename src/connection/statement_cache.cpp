#include "connection/statement_cache.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace cormorant::detail {

std::string statement_cache::key(std::string_view sql, std::span<const value> params,
                                 std::span<const sql_type> types, bool query) {
    std::string k;
    k.reserve(sql.size() + params.size() + types.size() + 3);
    k.append(sql);
    // A NUL cannot end SQL text that is prepared, so what follows is not SQL.
    k += '\0';
    k += query ? 'q' : 'e';
    for (const value& v : params) k += static_cast<char>('0' + v.get().index());
    k += '|';
    for (sql_type t : types) k += static_cast<char>('a' + static_cast<int>(t));
    return k;
}

std::shared_ptr<prepared_statement> statement_cache::find(const std::string& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->statement;
}

void statement_cache::put(std::string key, std::shared_ptr<prepared_statement> p) {
    erase(key);
    if (capacity_ == 0) return;
    while (index_.size() >= capacity_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
    }
    lru_.push_front(node{std::move(key), std::move(p)});
    index_.emplace(lru_.front().key, lru_.begin());
}

void statement_cache::erase(const std::string& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    const auto at = it->second;
    index_.erase(it);
    lru_.erase(at);
}

void statement_cache::clear() noexcept {
    index_.clear();
    lru_.clear();
}

void reset_sqlite_statement(soci::statement& st) noexcept {
    // SOCI's SQLite backend resets a statement only when it runs it again.
    // The backend's classes are not exported, so no dynamic_cast; this is
    // only called on statements of SQLite sessions.
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
    if (backend && backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
}

}  // namespace cormorant::detail
