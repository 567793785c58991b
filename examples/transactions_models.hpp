#pragma once
// The models of the transaction examples: accounts of a small ledger and the
// entries booked on them.
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

//! [models]
namespace orm = cormorant;

struct Account {
    std::int64_t id = 0;
    std::string owner;
    std::int64_t balance = 0;
};

struct Entry {
    std::int64_t id = 0;
    orm::ref<Account> account;  // column account_id -> ledger_account(id)
    std::int64_t amount = 0;
    std::string memo;
};

template <>
struct orm::model_traits<Account> {
    static constexpr std::string_view table = "ledger_account";
    static constexpr auto unique = orm::columns(&Account::owner);
};

template <>
struct orm::model_traits<Entry> {
    static constexpr std::string_view table = "ledger_entry";
};
//! [models]

namespace example {

/// The ledger's tables, created empty.
inline void fresh_ledger(orm::database& db) {
    db.drop_all<Account, Entry>();
    db.create_all<Account, Entry>();
}

/// Removes the ledger's tables when an example ends.
inline void drop_ledger(orm::database& db) {
    db.drop_all<Account, Entry>();
}

}  // namespace example
