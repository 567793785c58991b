// session_locking: optimistic locking with a version field. Runs on
// DATABASE_URL, else on an in-memory SQLite database, and fails when any
// claim does not hold.
#include "example_check.hpp"
#include "session_models.hpp"

using example::check;

int main() {
    return example::run("session_locking", [](orm::database& db) {
        db.create_all<Author, Book, Category, Wallet, Post, Comment>();
        //! [locking]
        orm::session alice{db}, bob{db};
        auto mine = alice.add(Wallet{.owner = "Ann", .balance = 100});
        alice.commit();  // inserted with version 0
        auto theirs = bob.get<Wallet>(mine->id);

        mine->balance = 50;
        alice.commit();  // UPDATE ... SET "balance" = 50, "version" = 1 WHERE "id" = ... AND "version" = 0
        check(mine->version == 1, "each UPDATE bumps the version");

        theirs->balance = 70;  // bob still holds version 0
        try {
            bob.commit();
            check(false, "bob's stale update is refused");
        } catch (const orm::stale_object_error& e) {
            check(e.table() == "wallet" && e.key() == std::to_string(mine->id), "the error names the row");
        }
        check(theirs->balance == 70 && theirs->version == 0, "bob's object is as before the flush");
        check(db.find<Wallet>(mine->id)->balance == 50, "alice's write stands");

        bob.refresh(theirs);  // take the row as it is now, then decide again
        theirs->balance += 20;
        bob.commit();
        check(theirs->version == 2 && db.find<Wallet>(mine->id)->balance == 70, "bob's second try succeeds");
        //! [locking]

        bob.remove(theirs);  // clean up the example's row (a versioned DELETE)
        bob.commit();
        check(!db.find<Wallet>(mine->id), "cleaned up");
    });
}
