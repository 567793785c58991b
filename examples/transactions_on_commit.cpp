// transactions_on_commit: work that must happen only once the data is
// committed (a mail, a cache update). Callbacks run after the outermost
// COMMIT, in order, and go away with the blocks that roll back. Runs on
// DATABASE_URL, else on an in-memory SQLite database, and fails when any
// claim does not hold.
#include <stdexcept>
#include <string>
#include <vector>

#include "example_check.hpp"
#include "transactions_models.hpp"

using example::check;

namespace {

void callbacks(orm::database& db) {
    //! [on-commit]
    orm::session s{db};
    auto ann = s.add(Account{.owner = "Ann", .balance = 100});
    s.commit();
    std::vector<std::string> mails;  // stands for a mail server

    s.atomic([&] {
        ann->balance -= 10;
        s.on_commit([&] { mails.push_back("receipt 1"); });
        s.atomic([&] { s.on_commit([&] { mails.push_back("receipt 2"); }); });
        check(mails.empty(), "not at an inner block's exit");
    });  // COMMIT, then the callbacks
    check(mails == std::vector<std::string>{"receipt 1", "receipt 2"},
          "after the commit, in registration order");

    s.on_commit([&] { mails.push_back("at once"); });
    check(mails.back() == "at once", "outside any block a callback runs at once");
    //! [on-commit]

    //! [dropped]
    mails.clear();
    s.atomic([&] {
        s.atomic([&] { s.on_commit([&] { mails.push_back("1"); }); });
        try {
            s.atomic([&] {
                s.on_commit([&] { mails.push_back("2"); });
                throw std::runtime_error("this savepoint rolls back");
            });
        } catch (const std::runtime_error&) {
        }
        s.atomic([&] { s.on_commit([&] { mails.push_back("3"); }); });
    });
    check(mails == std::vector<std::string>{"1", "3"}, "a rolled-back savepoint drops its own callbacks");

    try {
        s.atomic([&] {
            s.on_commit([&] { mails.push_back("4"); });
            throw std::runtime_error("the transaction rolls back");
        });
    } catch (const std::runtime_error&) {
    }
    check(mails.size() == 2, "a rolled-back transaction drops them all");
    //! [dropped]

    //! [failing]
    mails.clear();
    try {
        s.atomic([&] {
            s.add(Entry{.account = ann, .amount = 0, .memo = "committed anyway"});
            s.on_commit([] { throw std::runtime_error("mail server down"); });
            s.on_commit([&] { mails.push_back("never sent"); });
        });
        check(false, "the callback's exception reaches the caller");
    } catch (const std::runtime_error& e) {
        check(std::string(e.what()) == "mail server down", "unchanged");
    }
    check(db.select_all<Entry>().size() == 1, "after the COMMIT: the data stays committed");
    check(mails.empty(), "the callbacks after it do not run");

    std::vector<std::string> reported;
    orm::set_diagnostic_handler([&](std::string_view message) { reported.emplace_back(message); });
    s.atomic([&] {
        s.on_commit([] { throw std::runtime_error("mail server down"); }, /*robust=*/true);
        s.on_commit([&] { mails.push_back("receipt"); });
    });
    orm::set_diagnostic_handler({});  // back to std::cerr
    check(reported.size() == 1 && reported[0].find("mail server down") != std::string::npos,
          "a robust callback's error goes to the diagnostic handler");
    check(mails == std::vector<std::string>{"receipt"}, "and the others run");
    //! [failing]

    //! [chained]
    s.atomic([&] {
        ann->balance -= 1;
        s.on_commit([&] {  // the block has ended: a callback may read, write and open blocks
            s.atomic([&] { s.add(Entry{.account = ann, .amount = -1, .memo = "booked after the commit"}); });
        });
    });
    check(db.select_all<Entry>().size() == 2 && db.find<Account>(ann->id)->balance == 89, "both committed");
    //! [chained]
}

}  // namespace

int main() {
    return example::run("transactions_on_commit", [](orm::database& db) {
        example::fresh_ledger(db);
        callbacks(db);
        example::drop_ledger(db);
    });
}
