// transactions_retry: an outermost block re-run after a transient error
// (deadlock, serialization failure, busy database), and sessions in threads
// moving money between the same accounts under SERIALIZABLE. Runs on
// DATABASE_URL, else on an in-memory SQLite database, and fails when any
// claim does not hold.
#include <chrono>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "example_check.hpp"
#include "transactions_models.hpp"

using example::check;
using example::throws;
using state = orm::object_state;
using namespace std::chrono_literals;

namespace {

void retry(orm::database& db) {
    //! [retry]
    orm::session s{db};
    auto ann = s.add(Account{.owner = "Ann", .balance = 100});
    auto bob = s.add(Account{.owner = "Bob", .balance = 20});
    s.commit();

    int attempts = 0;
    orm::handle<Entry> first_try;
    s.atomic({.retry = {.attempts = 3, .backoff = 10ms}}, [&] {
        ++attempts;
        s.refresh(ann);  // loaded before the block: read the rows again on every attempt
        s.refresh(bob);
        ann->balance -= 30;
        bob->balance += 30;
        auto entry = s.add(Entry{.account = ann, .amount = -30, .memo = "to Bob"});
        s.flush();
        if (attempts == 1) {
            first_try = entry;
            // Stands for what a busy server sends now and then.
            throw orm::transient_error(orm::transient_error::kind::deadlock, "deadlock detected");
        }
    });
    check(attempts == 2, "run again after the transient error");
    check(s.state_of(first_try) == state::detached && first_try->id == 0, "memory restored before the rerun");
    check(db.find<Account>(ann->id)->balance == 70 && db.select_all<Entry>().size() == 1, "applied once");

    attempts = 0;
    check(throws<orm::integrity_error>([&] {
              s.atomic({.retry = {.attempts = 3}}, [&] {
                  ++attempts;
                  s.add(Account{.owner = "Ann"});  // a unique violation is not transient
              });
          }),
          "other errors reach the caller");
    check(attempts == 1, "without a rerun");
    //! [retry]
}

void threads(orm::database& db) {
    orm::session setup{db};
    auto accounts =
        setup.add_all(std::vector<Account>{{.owner = "X", .balance = 1000}, {.owner = "Y", .balance = 1000}});
    setup.commit();
    const std::int64_t x = accounts[0]->id, y = accounts[1]->id;
    //! [one-connection]
    orm::session s{db};
    const std::size_t committed = db.select_all<Account>().size();
    s.atomic([&] {
        const orm::connection* first = nullptr;
        s.use_connection([&](orm::connection& c) { first = &c; });
        s.add(Account{.owner = "Zoe"});
        s.flush();
        s.use_connection(
            [&](orm::connection& c) { check(&c == first, "the whole block runs on one connection"); });
        if (db.pool_size() == 1)  // sqlite://:memory:
            check(throws<orm::connection_error>([&] { db.select_all<Account>(); }),
                  "the block holds the pool's only connection");
        else
            check(db.select_all<Account>().size() == committed,
                  "other connections do not see the block's writes");
    });
    check(db.select_all<Account>().size() == committed + 1, "until its COMMIT");
    //! [one-connection]

    //! [threads]
    // Two threads move money between the same two accounts, in opposite
    // directions; each transfer is a short session of its own.
    constexpr int transfers = 10;
    int runs[2] = {0, 0};
    std::exception_ptr errors[2];
    auto worker = [db, &runs, &errors](int w, std::int64_t from_id, std::int64_t to_id, std::int64_t amount) {
        try {
            for (int i = 0; i < transfers; ++i) {
                orm::session s{db};
                s.atomic({.retry = {.attempts = 20, .backoff = 5ms},
                          .isolation = orm::isolation_level::serializable},
                         [&] {
                             ++runs[w];
                             auto from =
                                 s.get<Account>(from_id);  // read inside the block: afresh on every run
                             auto to = s.get<Account>(to_id);
                             from->balance -= amount;
                             to->balance += amount;
                         });
            }
        } catch (...) {
            errors[w] = std::current_exception();
        }
    };
    std::thread first(worker, 0, x, y, 1), second(worker, 1, y, x, 2);
    first.join();
    second.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    check(db.find<Account>(x)->balance == 1010 && db.find<Account>(y)->balance == 990,
          "every transfer applied exactly once");
    std::cout << runs[0] + runs[1] << " runs for " << 2 * transfers << " transfers\n";
    //! [threads]
}

}  // namespace

int main() {
    return example::run("transactions_retry", [](orm::database& db) {
        example::fresh_ledger(db);
        retry(db);
        threads(db);
        example::drop_ledger(db);
    });
}
