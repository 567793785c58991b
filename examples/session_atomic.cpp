// session_atomic: a flush that fails leaves the database and the session as
// they were. Runs on DATABASE_URL, else on an in-memory SQLite database, and
// fails when any claim does not hold.
#include "example_check.hpp"
#include "session_models.hpp"

using example::check;
using state = orm::object_state;

int main() {
    return example::run("session_atomic", [](orm::database& db) {
        db.create_all<Author, Book, Category, Wallet, Post, Comment>();
        //! [atomic]
        orm::session s{db};
        auto ursula = s.add(Author{.name = "Ursula", .email = "ursula@example.com"});
        auto frank = s.add(Author{.name = "Frank", .email = "frank@example.com"});
        s.commit();
        const std::size_t books_before = db.select_all<Book>().size();

        auto ann = s.add(Author{.name = "Ann", .email = "ann@example.com"});  // these INSERTs succeed,
        auto book = s.add(Book{.author = ann, .title = "First novel", .pages = 200});
        frank->email = "ursula@example.com";  // then this UPDATE breaks a unique constraint
        try {
            s.commit();
            check(false, "the flush fails");
        } catch (const orm::integrity_error& e) {
            check(e.which() == orm::integrity_error::kind::unique, "a unique violation");
            check(e.table() == "author" && e.operation() == "update", "naming the table and the operation");
        }
        // The database has nothing of the flush ...
        check(db.select_all<Book>().size() == books_before, "no book was added");
        check(db.find<Author>(frank->id)->email == "frank@example.com", "frank's row is unchanged");
        // ... and the session is as it was before it: pending objects stay
        // pending with their keys reset, changed objects stay changed.
        check(s.state_of(ann) == state::pending && ann->id == 0, "ann is pending, without a key");
        check(s.state_of(book) == state::pending && book->id == 0, "so is her book");
        check(s.is_modified(frank) && frank->email == "ursula@example.com", "frank keeps his change");

        frank->email = "frank@example.com";  // undo the bad change; the same session flushes the rest
        s.commit();
        check(db.find<Book>(book->id)->author.key() == ann->id, "ann and her book are saved");
        //! [atomic]

        for (const auto& a : {ursula, frank, ann}) s.remove(a);  // clean up the example's rows
        s.remove(book);
        s.commit();
        check(!db.find<Author>(ann->id), "cleaned up");
    });
}
