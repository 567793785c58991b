// transactions_basics: atomic blocks. The outermost block is a transaction,
// inner blocks are savepoints; an exception, set_rollback or an error that
// no savepoint isolated rolls a block back. Runs on DATABASE_URL, else on an
// in-memory SQLite database, and fails when any claim does not hold.
#include <stdexcept>
#include <string>
#include <vector>

#include "example_check.hpp"
#include "transactions_models.hpp"

using example::check;
using example::statement_log;
using example::throws;
using state = orm::object_state;

namespace {

/// Thrown by the example's own code: not an error of cormorant.
struct insufficient_funds {
    std::int64_t balance = 0;
};

std::size_t entries_with_memo(orm::database& db, const std::string& memo) {
    std::size_t n = 0;
    for (const Entry& e : db.select_all<Entry>()) n += e.memo == memo;
    return n;
}

void blocks(orm::database& db) {
    statement_log log;
    //! [transfer]
    orm::session s{db};
    auto ann = s.add(Account{.owner = "Ann", .balance = 100});
    auto bob = s.add(Account{.owner = "Bob", .balance = 20});
    s.commit();
    s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); });

    s.atomic([&] {  // BEGIN
        ann->balance -= 30;
        bob->balance += 30;
        s.add(Entry{.account = ann, .amount = -30, .memo = "to Bob"});
        s.add(Entry{.account = bob, .amount = 30, .memo = "from Ann"});
    });  // flush, then COMMIT
    check(log.sql.front() == "BEGIN" && log.sql.back() == "COMMIT", "one transaction");
    check(db.find<Account>(ann->id)->balance == 70 && db.find<Account>(bob->id)->balance == 50, "committed");

    // The function form returns what the function returns.
    auto fee = s.atomic([&] { return s.add(Entry{.account = ann, .amount = 0, .memo = "fee waived"}); });
    check(s.state_of(fee) == state::persistent && fee->id != 0, "returned after the commit");
    //! [transfer]

    //! [guard]
    {
        auto tx = s.atomic();  // BEGIN
        ann->balance -= 5;
        s.add(Entry{.account = ann, .amount = -5, .memo = "fee"});
        tx.commit();  // flush, then COMMIT
    }
    check(db.find<Account>(ann->id)->balance == 65, "committed by commit()");
    {
        auto tx = s.atomic();
        ann->balance -= 1000;
        s.flush();  // the UPDATE is sent, inside the transaction
    }               // no commit(): ROLLBACK here
    check(ann->balance == 65 && db.find<Account>(ann->id)->balance == 65, "rolled back, row and object");
    //! [guard]

    //! [exception]
    try {
        s.atomic([&] {
            ann->balance -= 500;
            s.flush();  // UPDATE sent
            if (ann->balance < 0) throw insufficient_funds{ann->balance};
        });
        check(false, "the exception leaves the block");
    } catch (const insufficient_funds& e) {
        check(e.balance == -435, "the same exception, unchanged");
    }
    check(db.find<Account>(ann->id)->balance == 65, "ROLLBACK: the row is as before");
    check(ann->balance == 65 && !s.is_modified(ann), "and so is the object");
    //! [exception]

    //! [nested]
    log.sql.clear();
    s.atomic([&] {
        s.add(Entry{.account = ann, .amount = 0, .memo = "audit"});
        try {
            s.atomic([&] {                       // SAVEPOINT cormorant_sp1
                s.add(Account{.owner = "Ann"});  // a second Ann: the exit flush breaks the unique owner
            });
        } catch (const orm::integrity_error&) {
            // ROLLBACK TO SAVEPOINT cormorant_sp1: only the inner block is undone
        }
        s.atomic([&] { bob->balance += 1; });  // SAVEPOINT cormorant_sp2 ... RELEASE SAVEPOINT cormorant_sp2
    });                                        // COMMIT
    check(log.starting("ROLLBACK TO SAVEPOINT cormorant_sp1") == 1, "the failed inner block rolled back");
    check(log.starting("RELEASE SAVEPOINT cormorant_sp2") == 1, "the next one was released");
    check(entries_with_memo(db, "audit") == 1 && db.find<Account>(bob->id)->balance == 51,
          "the outer block's work is committed");
    //! [nested]

    //! [outer-undoes-inner]
    try {
        s.atomic([&] {
            s.atomic([&] { s.add(Entry{.account = bob, .amount = 7, .memo = "inner"}); });  // RELEASE
            throw std::runtime_error("the outer block fails");
        });
    } catch (const std::runtime_error&) {
    }
    check(entries_with_memo(db, "inner") == 0, "a released savepoint is undone with its transaction");
    //! [outer-undoes-inner]

    //! [savepoint-false]
    log.sql.clear();
    s.atomic([&] {
        bob->balance += 100;
        try {
            s.atomic({.savepoint = false}, [&] { throw std::runtime_error("nothing to roll back to"); });
        } catch (const std::runtime_error&) {
        }
        check(s.get_rollback(), "the enclosing transaction is marked for rollback");
        s.atomic([&] { bob->balance += 1; });  // no savepoint while marked
    });                                        // ends without an exception, yet rolls back
    check(log.starting("SAVEPOINT cormorant_sp") == 0 && log.sql.back() == "ROLLBACK", "rolled back");
    check(bob->balance == 51 && db.find<Account>(bob->id)->balance == 51, "nothing of it stays");
    //! [savepoint-false]

    //! [broken]
    s.atomic([&] {
        try {
            s.use_connection([](orm::connection& c) { c.execute("SELECT * FROM no_such_table", {}); });
        } catch (const orm::database_error&) {
            // caught, but no savepoint isolated it: the transaction is broken
        }
        try {
            s.all<Account>();
            check(false, "no statement runs in a broken transaction");
        } catch (const orm::transaction_error& e) {
            check(e.cause() != nullptr, "it carries the original error");
            check(throws<orm::database_error>([&] { std::rethrow_exception(e.cause()); }),
                  "the failed SELECT");
        }
        bob->balance += 1;
    });  // rolls back at its exit
    check(bob->balance == 51 && db.find<Account>(bob->id)->balance == 51, "nothing of the block stays");
    //! [broken]

    //! [set-rollback]
    s.atomic([&] {
        s.add(Entry{.account = ann, .amount = 0, .memo = "kept"});
        s.atomic([&] {
            s.add(Entry{.account = ann, .amount = 0, .memo = "dry run"});
            s.flush();
            s.set_rollback(true);  // undo this block at its exit, without an exception
        });
        check(!s.get_rollback(), "the mark went with the block it undid");
    });
    check(entries_with_memo(db, "kept") == 1 && entries_with_memo(db, "dry run") == 0,
          "only the inner block");
    //! [set-rollback]

    //! [exit-flush]
    orm::handle<Account> carol;
    try {
        s.atomic([&] {
            carol = s.add(Account{.owner = "Carol"});
            s.add(Account{.owner = "Carol"});  // the exit flush breaks the unique owner
        });
        check(false, "the block fails at its exit");
    } catch (const orm::integrity_error& e) {
        check(e.which() == orm::integrity_error::kind::unique, "the flush's error reaches the caller");
    }
    check(s.state_of(carol) == state::detached && carol->id == 0, "what the block added left the session");
    //! [exit-flush]

    //! [forbidden]
    s.atomic([&] {
        check(throws<orm::transaction_error>([&] { s.commit(); }), "the block decides when to commit");
        check(throws<orm::transaction_error>([&] { s.rollback(); }), "and when to roll back");
        check(throws<orm::transaction_error>([&] { s.atomic({.durable = true}, [] {}); }),
              "a durable block cannot be nested");
    });
    s.atomic({.durable = true}, [&] {  // the outermost block: its COMMIT makes the work durable
        s.atomic(
            [&] { s.add(Entry{.account = bob, .amount = 0, .memo = "durable"}); });  // inner blocks are fine
    });
    check(entries_with_memo(db, "durable") == 1, "committed");
    //! [forbidden]
}

void isolation(orm::database& db) {
    statement_log log;
    //! [isolation]
    orm::session s{db};
    s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); });
    s.atomic({.isolation = orm::isolation_level::serializable}, [&] { s.add(Account{.owner = "Dan"}); });
    switch (db.backend()) {
        case orm::backend_kind::postgresql:
            check(log.sql[0] == "BEGIN ISOLATION LEVEL SERIALIZABLE", "one statement");
            break;
        case orm::backend_kind::mysql:
            check(log.sql[0] == "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE" &&
                      log.sql[1] == "START TRANSACTION",
                  "the level applies to the next transaction");
            break;
        case orm::backend_kind::sqlite:
            check(log.sql[0] == "BEGIN", "SQLite transactions are serializable");
            check(throws<orm::transaction_error>(
                      [&] { s.atomic({.isolation = orm::isolation_level::read_committed}, [] {}); }),
                  "a weaker level is refused, not silently upgraded");
            break;
    }
    check(throws<orm::transaction_error>(
              [&] { s.atomic([&] { s.atomic({.isolation = orm::isolation_level::serializable}, [] {}); }); }),
          "the level belongs to the outermost block");
    //! [isolation]
}

}  // namespace

int main() {
    return example::run("transactions_basics", [](orm::database& db) {
        example::fresh_ledger(db);
        blocks(db);
        isolation(db);
        example::drop_ledger(db);
    });
}
