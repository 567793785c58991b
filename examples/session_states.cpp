// session_states: the states of an object, the identity map, change
// detection, refresh, expunge and rollback. Runs on DATABASE_URL, else on an
// in-memory SQLite database, and fails when any claim does not hold.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "example_check.hpp"
#include "session_models.hpp"

using example::check;
using example::throws;
using state = orm::object_state;

namespace {

/// Transient -> pending -> persistent -> detached, and back. Returns the key
/// of the row it leaves behind.
std::int64_t states(orm::database& db) {
    //! [states]
    orm::session s{db};
    auto draft = std::make_shared<Author>(Author{.name = "Draft"});
    check(s.state_of(draft) == state::transient, "never added: transient");

    auto ursula = s.add(Author{.name = "Ursula", .email = "ursula@example.com"});
    check(s.state_of(ursula) == state::pending, "added: pending");
    check(ursula->id == 0, "no key before the flush");

    s.commit();  // INSERT
    check(s.state_of(ursula) == state::persistent, "flushed: persistent");
    check(ursula->id != 0, "the generated key is written into the object");

    s.remove(ursula);
    check(s.is_modified(ursula), "a removal is an unflushed change");
    s.commit();  // DELETE
    check(s.state_of(ursula) == state::detached, "deleted and committed: detached");
    check(!db.find<Author>(ursula->id), "the row is gone");
    check(ursula->name == "Ursula", "the handle stays valid");

    s.add(ursula);  // pending again: inserted again, with the key it has
    s.commit();
    check(s.state_of(ursula) == state::persistent && db.find<Author>(ursula->id), "the row is back");

    auto gone = s.add(Author{.name = "Gone", .email = "gone@example.com"});
    s.remove(gone);  // a pending object just leaves
    check(s.state_of(gone) == state::detached, "removed before its flush: detached");

    s.expunge(ursula);  // no longer tracked; the row stays
    check(s.state_of(ursula) == state::detached, "expunged: detached");
    auto again = s.get<Author>(ursula->id);
    check(again && again != ursula, "loading the row again gives a new object");
    //! [states]
    return again->id;
}

void identity_map(orm::database& db, std::int64_t key) {
    //! [identity-map]
    orm::session s{db};
    auto a = s.get<Author>(key);  // SELECT
    auto b = s.get<Author>(key);  // no SELECT: the identity map has it
    check(a && a == b, "one row, one object");

    a->rating = 4.9;  // not flushed yet
    const auto sent = s.stats().statements;
    check(s.get<Author>(key)->rating == 4.9, "get returns the held object, with its change");
    check(s.stats().statements == sent, "and sends nothing");

    {  // Meanwhile another session renames the author.
        orm::session other{db};
        other.get<Author>(key)->name = "Ursula K. Le Guin";
        other.commit();
    }
    auto all = s.all<Author>();  // flushes the rating first, then reads every row
    check(std::find(all.begin(), all.end(), a) != all.end(), "all() returns the held object");
    check(a->name == "Ursula", "loading does not overwrite a held object");
    s.refresh(a);  // reloads it from its row
    check(a->name == "Ursula K. Le Guin" && a->rating == 4.9, "refresh reads the row as it is");
    //! [identity-map]
}

void changes(orm::database& db, std::int64_t key) {
    //! [changes]
    orm::session s{db};
    const auto q = [&](const char* name) { return db.dialect().quote(name); };
    auto a = s.get<Author>(key);
    std::vector<std::string> sent;
    s.trace([&](std::string_view sql) { sent.emplace_back(sql); });

    a->rating = 5;
    check(s.is_modified(a), "a changed field makes the object modified");
    s.commit();  // BEGIN; UPDATE "author" SET "rating" = :p1 WHERE "id" = :p2; COMMIT
    check(sent.size() == 3, "one UPDATE in its own transaction");
    check(sent[1] == "UPDATE " + q("author") + " SET " + q("rating") + " = :p1 WHERE " + q("id") + " = :p2",
          "only the changed column is written");

    a->name = "Someone else";
    a->name = "Ursula K. Le Guin";  // changed back
    check(!s.is_modified(a), "equal to its snapshot again: not modified");
    sent.clear();
    s.commit();
    check(sent.empty(), "a flush with nothing to write sends nothing");

    a->id += 1000;  // keys cannot be updated
    check(throws<orm::flush_error>([&] { s.flush(); }), "a changed key is refused before any SQL");
    check(sent.empty(), "nothing was sent");
    a->id -= 1000;
    //! [changes]
    s.trace({});
}

void rollback(orm::database& db, std::int64_t key) {
    //! [rollback]
    orm::session s{db};
    auto a = s.get<Author>(key);
    a->rating = 1;
    auto extra = s.add(Author{.name = "Extra", .email = "extra@example.com"});
    s.rollback();  // nothing was flushed: nothing reaches the database
    check(a->rating == 5 && !s.is_modified(a), "changed objects get their flushed values back");
    check(s.state_of(extra) == state::detached, "pending objects leave the session");

    s.remove(a);
    s.rollback();
    check(s.state_of(a) == state::persistent && !s.is_modified(a), "a removal is undone");
    //! [rollback]

    s.remove(a);  // clean up the example's row
    s.commit();
    check(!db.find<Author>(key), "cleaned up");
}

}  // namespace

int main() {
    return example::run("session_states", [](orm::database& db) {
        db.create_all<Author, Book, Category, Wallet, Post, Comment>();
        const std::int64_t key = states(db);
        identity_map(db, key);
        changes(db, key);
        rollback(db, key);
    });
}
