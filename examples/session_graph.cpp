// session_graph: saving a graph of new objects in one flush (parents first,
// keys wired through ref<T>), batching, refs by key and by object, rows that
// reference their own table, cycles, deletes children first and cascades.
// Runs on DATABASE_URL, else on an in-memory SQLite database, and fails when
// any claim does not hold.
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "example_check.hpp"
#include "session_models.hpp"

using example::check;
using example::statement_log;
using example::throws;
using state = orm::object_state;

namespace {

void authors_and_books(orm::database& db) {
    const auto q = [&](const char* name) { return db.dialect().quote(name); };
    statement_log log;
    //! [graph]
    orm::session s{db};
    s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); });

    auto ursula = s.add(Author{.name = "Ursula", .email = "ursula@example.com"});
    auto frank = s.add(Author{.name = "Frank", .email = "frank@example.com"});
    // The authors have no keys yet: each ref<Author> holds the object itself.
    std::vector<orm::handle<Book>> books = s.add_all(std::vector<Book>{
        {.author = ursula, .title = "The Dispossessed", .pages = 387},
        {.author = ursula, .title = "The Left Hand of Darkness", .pages = 304},
        {.author = frank, .title = "Dune", .pages = 412},
    });
    s.commit();  // BEGIN; INSERT INTO "author" ...; INSERT INTO "book" ...; COMMIT

    check(log.sql.size() == 4, "one multi-row INSERT per table, in one transaction");
    check(log.sql[1].starts_with("INSERT INTO " + q("author")), "parents first");
    check(log.sql[2].starts_with("INSERT INTO " + q("book")), "then their children");
    check(books[0]->author.key() == ursula->id && books[2]->author.key() == frank->id,
          "keys wired into the refs");
    check(db.find<Book>(books[2]->id)->author.key() == frank->id, "and into the rows");
    //! [graph]
    for (const std::string& sql : log.sql) std::cout << "  " << sql << "\n";

    //! [stats]
    const orm::session_stats& stats = s.stats();
    std::cout << stats.statements << " statements, " << stats.rows_written << " rows written, "
              << stats.rows_read << " rows read\n";  // 4 statements, 5 rows written, 0 rows read
    check(stats.statements == 4 && stats.rows_written == 5 && stats.rows_read == 0, "what the session sent");
    //! [stats]

    //! [refs]
    // A ref can also hold a key; s.get(ref) finds the object in the identity map.
    auto lavinia = s.add(Book{.author = orm::ref<Author>{ursula->id}, .title = "Lavinia", .pages = 279});
    check(s.get(lavinia->author) == ursula, "s.get(ref) returns the session's object");

    // A new object that is only referenced is saved with the book that references it.
    auto tolkien = std::make_shared<Author>(Author{.name = "Tolkien", .email = "jrrt@example.com"});
    auto hobbit = s.add(Book{.author = tolkien, .title = "The Hobbit", .pages = 310});
    s.commit();
    check(s.state_of(tolkien) == state::persistent && hobbit->author.key() == tolkien->id, "saved too");

    orm::session other{db};
    auto dune = other.get<Book>(books[2]->id);
    check(!dune->author.target(), "a loaded ref holds the key only");
    auto author = other.get(dune->author);  // one SELECT, then the identity map
    check(author->name == "Frank" && author == other.get<Author>(frank->id), "one object per row");
    //! [refs]

    //! [updates-deletes]
    log.sql.clear();
    ursula->rating = 4.8;  // these two change the same column: one UPDATE statement for both
    frank->rating = 4.5;   // (on SQLite one prepared statement, executed for each row)
    books[0]->pages = 400;
    s.commit();
    const bool per_row = db.backend() == orm::backend_kind::sqlite;
    check(log.starting("UPDATE") == (per_row ? 3u : 2u), "one UPDATE per group of rows");
    check(std::set<std::string>(log.sql.begin() + 1, log.sql.end() - 1).size() == 2, "two UPDATE statements");

    s.remove(frank);  // Dune still references him
    try {
        s.commit();
        check(false, "removing a referenced author fails");
    } catch (const orm::integrity_error& e) {
        check(e.which() == orm::integrity_error::kind::foreign_key, "a foreign key violation");
    }
    check(s.state_of(frank) == state::persistent && db.find<Author>(frank->id), "nothing was deleted");

    log.sql.clear();
    for (const auto& book : books) s.remove(book);
    s.commit();  // DELETE FROM "book" WHERE "id" IN (...); DELETE FROM "author" WHERE "id" IN (...)
    check(log.sql.size() == 4, "one DELETE per table");
    check(log.sql[1].starts_with("DELETE FROM " + q("book")) && log.sql[1].find(" IN (") != std::string::npos,
          "children first, by key lists");
    check(log.sql[2].starts_with("DELETE FROM " + q("author")), "then their parent");
    check(s.state_of(frank) == state::detached && !db.find<Author>(frank->id), "deleted");
    //! [updates-deletes]

    s.trace({});
    s.remove(lavinia);  // clean up the example's rows
    s.remove(hobbit);
    s.remove(tolkien);
    s.remove(ursula);
    s.commit();
}

void category_tree(orm::database& db) {
    const auto q = [&](const char* name) { return db.dialect().quote(name); };
    statement_log log;
    //! [self-reference]
    orm::session s{db};
    s.trace([&](std::string_view sql) { log.sql.emplace_back(sql); });
    auto books = std::make_shared<Category>(Category{.name = "Books"});
    auto fiction = std::make_shared<Category>(Category{.name = "Fiction", .parent = books});
    auto sf = s.add(Category{.name = "Science fiction", .parent = fiction});  // the child is added first
    s.add(fiction);
    s.add(books);
    s.commit();  // INSERTs "Books", then "Fiction", then "Science fiction"
    check(log.starting("INSERT INTO " + q("category")) == 3, "one INSERT per level");
    check(db.find<Category>(sf->id)->parent->key() == fiction->id, "child wired to parent");
    check(db.find<Category>(fiction->id)->parent->key() == books->id, "parent wired to root");
    //! [self-reference]

    //! [cycle]
    auto a = s.add(Category{.name = "A"});
    auto b = s.add(Category{.name = "B", .parent = a});
    a->parent = b;  // new rows that reference each other through an optional ref
    log.sql.clear();
    s.commit();  // one INSERT with both parent_ids NULL, then one UPDATE per row sets them
    check(log.starting("INSERT INTO " + q("category")) == 1, "both rows in one INSERT");
    check(log.starting("UPDATE " + q("category") + " SET " + q("parent_id")) == 2, "then linked");
    check(db.find<Category>(a->id)->parent->key() == b->id, "a linked to b");
    check(db.find<Category>(b->id)->parent->key() == a->id, "b linked to a");
    //! [cycle]

    //! [row-switch]
    auto poetry = s.add(Category{.name = "Poetry"});
    s.commit();
    s.remove(poetry);
    auto verse =
        s.add(Category{.id = poetry->id, .name = "Verse"});  // a new object with the removed row's key
    log.sql.clear();
    s.commit();  // UPDATE "category" SET "name" = :p1 WHERE "id" = :p2
    check(log.starting("UPDATE " + q("category") + " SET " + q("name")) == 1, "one UPDATE of the row");
    check(log.starting("INSERT") == 0 && log.starting("DELETE") == 0, "no INSERT, no DELETE");
    check(s.state_of(verse) == state::persistent && s.state_of(poetry) == state::detached,
          "the new object holds the row");
    check(db.find<Category>(verse->id)->name == "Verse", "renamed in place");
    //! [row-switch]

    // Clean up: the refs inside the cycle are cleared first, then children go first.
    for (const auto& c : {verse, a, b, sf, fiction, books}) s.remove(c);
    s.commit();
    check(!db.find<Category>(books->id), "cleaned up");
    a->parent.reset();  // the handles of a cycle keep each other alive until one is cleared
}

void cascade(orm::database& db) {
    //! [cascade]
    orm::session s{db};
    auto post = s.add(Post{.title = "Hello"});
    auto first = s.add(Comment{.post = post, .text = "First!"});
    auto second = s.add(Comment{.post = post, .text = "Welcome"});
    s.commit();

    s.remove(post);  // its comments go with it (ON DELETE CASCADE)
    s.commit();
    check(!db.find<Comment>(first->id) && !db.find<Comment>(second->id), "the database deleted the comments");
    check(s.state_of(first) == state::detached && !s.get<Comment>(second->id), "and the session forgot them");
    //! [cascade]
}

}  // namespace

int main() {
    return example::run("session_graph", [](orm::database& db) {
        db.create_all<Author, Book, Category, Wallet, Post, Comment>();
        authors_and_books(db);
        category_tree(db);
        cascade(db);
    });
}
