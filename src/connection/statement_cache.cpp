#include "connection/statement_cache.hpp"

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

}  // namespace cormorant::detail
