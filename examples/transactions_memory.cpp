// transactions_memory: the unit of work inside atomic blocks. Entering a
// block flushes; a block that rolls back puts the session's objects back as
// they were when it began. Runs on DATABASE_URL, else on an in-memory SQLite
// database, and fails when any claim does not hold.
#include <stdexcept>
#include <string>

#include "example_check.hpp"
#include "transactions_models.hpp"

using example::check;
using example::statement_log;
using state = orm::object_state;

namespace {

void memory(orm::database& db) {
    //! [entering]
    orm::session s{db};
    auto ann = s.add(Account{.owner = "Ann", .balance = 100});  // pending
    try {
        s.atomic([&] {  // flushes first, in a transaction of its own; then BEGIN
            check(s.state_of(ann) == state::persistent && ann->id != 0, "inserted before the block began");
            throw std::runtime_error("the block fails");
        });
    } catch (const std::runtime_error&) {
    }
    check(s.state_of(ann) == state::persistent && db.find<Account>(ann->id), "so the rollback kept it");
    //! [entering]

    Account outsider{.owner = "Olga", .balance = 5};
    db.insert(outsider);  // a row this session has not loaded

    //! [restore]
    auto bob = s.add(Account{.owner = "Bob", .balance = 20});
    auto opening = s.add(Entry{.account = ann, .amount = 100, .memo = "opening"});
    auto old = s.add(Entry{.account = bob, .amount = 20, .memo = "old"});
    s.commit();

    orm::handle<Entry> added;
    orm::handle<Account> loaded;
    try {
        s.atomic([&] {
            ann->balance = 0;        // changed
            opening->account = bob;  // a ref moved to another object
            added = s.add(Entry{.account = ann, .amount = -100, .memo = "closing"});
            s.remove(old);                         // deleted
            loaded = s.get<Account>(outsider.id);  // loaded inside the block
            s.flush();                             // all of it sent
            check(added->id != 0 && s.state_of(old) == state::deleted, "flushed inside the block");
            ann->balance = -1;  // changed again, not flushed
            throw std::runtime_error("the block fails");
        });
    } catch (const std::runtime_error&) {
    }
    check(ann->balance == 100 && !s.is_modified(ann), "field values as at the block's start");
    check(opening->account.target() == ann, "the ref points where it pointed");
    check(s.state_of(added) == state::detached && added->id == 0, "added inside: detached, key reset");
    check(s.state_of(old) == state::persistent && s.get<Entry>(old->id) == old, "the deletion is undone");
    check(s.state_of(loaded) == state::detached, "loaded inside: detached");
    check(s.get<Account>(outsider.id) != loaded, "so the next get reads the row afresh");

    const auto sent = s.stats().statements;
    s.commit();
    check(s.stats().statements == sent, "the session agrees with the database: nothing to write");
    //! [restore]

    statement_log log;
    s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); });
    //! [flush-inside]
    s.atomic([&] {
        bob->balance += 5;
        auto dup = s.add(Account{.owner = "Ann"});  // breaks the unique owner
        try {
            s.flush();  // SAVEPOINT cormorant_flush; INSERT fails; ROLLBACK TO SAVEPOINT cormorant_flush
            check(false, "the flush fails");
        } catch (const orm::integrity_error&) {
        }
        check(!s.get_rollback(), "the block is still usable");
        check(s.state_of(dup) == state::pending && dup->id == 0 && bob->balance == 25,
              "and the session is as it was before the flush");
        dup->owner = "Dan";  // correct it; the block's exit flushes it
    });
    check(log.starting("ROLLBACK TO SAVEPOINT cormorant_flush") == 1, "the flush undid only itself");
    check(db.find<Account>(bob->id)->balance == 25, "the block committed");
    //! [flush-inside]
    s.trace({});

    //! [loaded-before]
    {
        orm::session other{db};  // meanwhile another session changes Ann's row
        other.get<Account>(ann->id)->balance = 500;
        other.commit();
    }
    s.atomic([&] {
        check(s.get<Account>(ann->id) == ann && ann->balance == 100, "the held object, as it was loaded");
        s.refresh(ann);  // read the row again, inside the block
        check(ann->balance == 500, "the row as it is now");
    });
    //! [loaded-before]
}

}  // namespace

int main() {
    return example::run("transactions_memory", [](orm::database& db) {
        example::fresh_ledger(db);
        memory(db);
        example::drop_ledger(db);
    });
}
