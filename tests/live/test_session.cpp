// The session on every backend: identity map, change detection, the flush
// plan (order, batching, keys wired through refs), atomicity of a failed
// flush, optimistic locking and deletes with and without cascade.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/session_models.hpp"
#include "support/sql_log.hpp"

using namespace sessionmodels;
namespace orm = cormorant;
using testlive::sql_log;

namespace {

orm::database fresh_db() {
    auto db = testlive::open_db();
    db.drop_all<Novel, Writer, Publisher, Staff, Account, Track, Album>();
    db.create_all<Novel, Writer, Publisher, Staff, Account, Track, Album>();
    return db;
}

template <class T>
std::size_t rows_of(orm::database& db) {
    return db.select_all<T>().size();
}

}  // namespace

TEST_CASE("get returns the same handle for the same row", "[live][session]") {
    auto db = fresh_db();
    Publisher p{.name = "Ace"};
    db.insert(p);
    orm::session s{db};
    auto a = s.get<Publisher>(p.id);
    auto b = s.get<Publisher>(p.id);
    REQUIRE(a);
    CHECK(a == b);
    CHECK(s.state_of(a) == orm::object_state::persistent);
    auto all = s.all<Publisher>();
    REQUIRE(all.size() == 1);
    CHECK(all[0] == a);
    CHECK_FALSE(s.get<Publisher>(p.id + 1000));
    CHECK_THROWS_AS(s.get_or_throw<Publisher>(p.id + 1000), orm::not_found);
}

TEST_CASE("loading a held row keeps its unflushed changes", "[live][session]") {
    auto db = fresh_db();
    Publisher p{.name = "Ace"};
    db.insert(p);
    orm::session s{db};
    auto a = s.get<Publisher>(p.id);
    a->name = "Changed";
    orm::session other{db};
    auto all = s.all<Publisher>();  // autoflush writes the change first
    CHECK(all[0]->name == "Changed");
    CHECK(other.get<Publisher>(p.id)->name == "Changed");
}

TEST_CASE("an UPDATE carries only the changed columns", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    auto w = s.add(Writer{.publisher = pub, .name = "Ursula", .email = "u@example.com", .rating = 4});
    s.commit();
    sql_log log;
    log.attach(s);
    w->rating = 5;
    s.commit();
    REQUIRE(log.statements.size() == 3);  // BEGIN, UPDATE, COMMIT
    const std::string& update = log.statements[1];
    const auto& d = db.dialect();
    CHECK(update == "UPDATE " + d.quote("writer") + " SET " + d.quote("rating") + " = :p1 WHERE " +
                        d.quote("id") + " = :p2");
    CHECK(db.find<Writer>(w->id)->rating == 5);
}

TEST_CASE("a flush with nothing changed sends no statement", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto w = s.add(Writer{.publisher = s.add(Publisher{.name = "Ace"}), .name = "U", .email = "u@x"});
    s.commit();
    const auto before = s.stats().statements;
    s.flush();
    s.commit();
    CHECK(s.stats().statements == before);
    // Changed and changed back: nothing to write either.
    w->name = "Other";
    w->name = "U";
    CHECK_FALSE(s.is_modified(w));
    s.commit();
    CHECK(s.stats().statements == before);
}

TEST_CASE("a three-level graph is saved in one flush with keys wired", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto pub = s.add(Publisher{.name = "Ace"});
    auto ursula = s.add(Writer{.publisher = pub, .name = "Ursula", .email = "u@example.com"});
    auto frank = s.add(Writer{.publisher = pub, .name = "Frank", .email = "f@example.com"});
    std::vector<orm::handle<Novel>> novels;
    for (int i = 0; i < 4; ++i)
        novels.push_back(
            s.add(Novel{.writer = i % 2 ? frank : ursula, .title = "N" + std::to_string(i), .pages = i}));
    CHECK(s.state_of(pub) == orm::object_state::pending);
    s.commit();
    CHECK(pub->id != 0);
    CHECK(ursula->id != 0);
    CHECK(frank->id != ursula->id);
    CHECK(s.state_of(novels[0]) == orm::object_state::persistent);
    // BEGIN, one INSERT per table (parents first), COMMIT.
    REQUIRE(log.statements.size() == 5);
    CHECK(log.statements[1].find("INSERT INTO " + db.dialect().quote("publisher")) == 0);
    CHECK(log.statements[2].find("INSERT INTO " + db.dialect().quote("writer")) == 0);
    CHECK(log.statements[3].find("INSERT INTO " + db.dialect().quote("novel")) == 0);
    for (int i = 0; i < 4; ++i) {
        auto row = db.find<Novel>(novels[i]->id);
        REQUIRE(row);
        CHECK(row->title == "N" + std::to_string(i));
        CHECK(row->writer.key() == (i % 2 ? frank->id : ursula->id));
    }
    CHECK(db.find<Writer>(frank->id)->publisher.key() == pub->id);
}

TEST_CASE("referenced objects that were not added are saved too", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = std::make_shared<Publisher>(Publisher{.name = "Loose"});
    auto w = s.add(Writer{.publisher = pub, .name = "W", .email = "w@x"});
    s.commit();
    CHECK(pub->id != 0);
    CHECK(s.state_of(pub) == orm::object_state::persistent);
    CHECK(db.find<Writer>(w->id)->publisher.key() == pub->id);
}

TEST_CASE("self-referencing rows are inserted parents first", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    // Added child first: the flush must still insert the boss first.
    auto boss = std::make_shared<Staff>(Staff{.name = "boss"});
    auto mid = std::make_shared<Staff>(Staff{.name = "mid", .manager = orm::ref<Staff>(boss)});
    auto low = s.add(Staff{.name = "low", .manager = orm::ref<Staff>(mid)});
    s.add(mid);
    s.add(boss);
    s.commit();
    CHECK(db.find<Staff>(low->id)->manager->key() == mid->id);
    CHECK(db.find<Staff>(mid->id)->manager->key() == boss->id);
    CHECK_FALSE(db.find<Staff>(boss->id)->manager.has_value());
}

TEST_CASE("new rows that reference each other through an optional ref are linked after the insert",
          "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto a = s.add(Staff{.name = "a"});
    auto b = s.add(Staff{.name = "b", .manager = orm::ref<Staff>(a)});
    a->manager = orm::ref<Staff>(b);
    s.flush();
    // Both rows go in one INSERT with the refs of the cycle NULL, then one
    // UPDATE per row sets them.
    const std::string staff = db.dialect().quote("staff");
    CHECK(log.count_starting("INSERT INTO " + staff) == 1);
    CHECK(log.count_starting("UPDATE " + staff) == 2);
    CHECK(s.state_of(a) == orm::object_state::persistent);
    CHECK(db.find<Staff>(a->id)->manager->key() == b->id);
    CHECK(db.find<Staff>(b->id)->manager->key() == a->id);
    CHECK(rows_of<Staff>(db) == 2);
    // Deleting them clears the refs first.
    s.remove(a);
    s.remove(b);
    s.commit();
    CHECK(rows_of<Staff>(db) == 0);
    // A ref holds a strong handle: objects that reference each other keep each
    // other alive, like any cycle of shared pointers, until one ref is cleared.
    a->manager.reset();
}

TEST_CASE("a failed flush leaves the database and the session as they were", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    auto kept = s.add(Writer{.publisher = pub, .name = "Kept", .email = "kept@x", .rating = 1});
    s.commit();
    const auto pub_rows = rows_of<Publisher>(db);

    // One change to a persistent object, a new parent, and 1000 new rows of
    // which the 700th repeats a unique email.
    kept->rating = 2;
    auto new_pub = s.add(Publisher{.name = "New"});
    std::vector<orm::handle<Writer>> writers;
    for (int i = 0; i < 1000; ++i)
        writers.push_back(s.add(Writer{.publisher = new_pub,
                                       .name = "w" + std::to_string(i),
                                       .email = i == 699 ? "kept@x" : "w" + std::to_string(i) + "@x"}));
    try {
        s.flush();
        FAIL("the flush should have failed");
    } catch (const orm::integrity_error& e) {
        CHECK(e.which() == orm::integrity_error::kind::unique);
        CHECK(e.table() == "writer");
        CHECK(e.operation() == "insert");
    }
    // The database kept nothing.
    CHECK(rows_of<Publisher>(db) == pub_rows);
    CHECK(rows_of<Writer>(db) == 1);
    CHECK(db.find<Writer>(kept->id)->rating == 1);
    // The session is as before: pending stays pending with keys reset,
    // the changed object is still changed.
    CHECK(s.state_of(new_pub) == orm::object_state::pending);
    CHECK(new_pub->id == 0);
    for (const auto& w : writers) {
        CHECK(s.state_of(w) == orm::object_state::pending);
        CHECK(w->id == 0);
    }
    CHECK(s.is_modified(kept));
    CHECK(kept->rating == 2);
    // Fix the bad row: the same session now flushes everything.
    writers[699]->email = "fixed@x";
    s.commit();
    CHECK(rows_of<Writer>(db) == 1001);
    CHECK(db.find<Writer>(kept->id)->rating == 2);
    CHECK(writers[999]->id != 0);
}

TEST_CASE("rows of one table are batched in multi-row INSERTs", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto pub = s.add(Publisher{.name = "Ace"});
    for (int i = 0; i < 1200; ++i)
        s.add(Writer{.publisher = pub, .name = "w", .email = "e" + std::to_string(i)});
    s.commit();
    // 500 rows a statement: 1 publisher insert + 3 writer inserts.
    CHECK(log.count_starting("INSERT") == 4);
    CHECK(rows_of<Writer>(db) == 1200);
    CHECK(s.stats().rows_written == 1201);
}

TEST_CASE("updates of the same columns are grouped, deletes go by IN lists", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    std::vector<orm::handle<Writer>> ws;
    for (int i = 0; i < 10; ++i)
        ws.push_back(s.add(Writer{.publisher = pub, .name = "w", .email = "e" + std::to_string(i)}));
    s.commit();
    sql_log log;
    log.attach(s);
    for (int i = 0; i < 10; ++i) ws[i]->rating = i;
    for (int i = 6; i < 10; ++i) ws[i]->name = "renamed";
    s.commit();
    // Two groups: rating only (rows 1-5; row 0 keeps rating 0), rating+name (rows 6-9).
    std::vector<std::string> updates;
    for (const auto& st : log.statements)
        if (st.rfind("UPDATE", 0) == 0 && std::find(updates.begin(), updates.end(), st) == updates.end())
            updates.push_back(st);
    CHECK(updates.size() == 2);
    // One statement per group on the servers; SQLite prepares one per group and runs it per row.
    CHECK(log.count_starting("UPDATE") == (testlive::backend() == orm::backend_kind::sqlite ? 9 : 2));
    log.statements.clear();
    for (int i = 0; i < 10; ++i) s.remove(ws[i]);
    s.commit();
    CHECK(log.count_starting("DELETE") == 1);
    CHECK(rows_of<Writer>(db) == 0);
    CHECK(s.state_of(ws[0]) == orm::object_state::detached);
}

TEST_CASE("the same session state always produces the same statements", "[live][session]") {
    auto run = [] {
        auto db = fresh_db();
        orm::session s{db};
        sql_log log;
        log.attach(s);
        auto pub = s.add(Publisher{.name = "Ace"});
        auto boss = s.add(Staff{.name = "boss"});
        for (int i = 0; i < 5; ++i) {
            auto w = s.add(Writer{.publisher = pub, .name = "w", .email = "e" + std::to_string(i)});
            s.add(Novel{.writer = w, .title = "t"});
            s.add(Staff{.name = "s", .manager = orm::ref<Staff>(boss)});
        }
        s.commit();
        return log.statements;
    };
    CHECK(run() == run());
}

TEST_CASE("changing the key of a persistent object is an error at flush", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto p = s.add(Publisher{.name = "Ace"});
    s.commit();
    const auto key = p->id;
    p->id = key + 100;
    CHECK_THROWS_AS(s.flush(), orm::flush_error);
    p->id = key;
    CHECK_FALSE(s.is_modified(p));
}

TEST_CASE("object states and their transitions", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto loose = std::make_shared<Publisher>(Publisher{.name = "x"});
    CHECK(s.state_of(loose) == orm::object_state::transient);
    auto p = s.add(Publisher{.name = "Ace"});
    CHECK(s.state_of(p) == orm::object_state::pending);
    CHECK(s.is_modified(p));
    s.commit();
    CHECK(s.state_of(p) == orm::object_state::persistent);
    CHECK_FALSE(s.is_modified(p));
    s.expunge(p);
    CHECK(s.state_of(p) == orm::object_state::detached);
    CHECK(p->name == "Ace");  // the handle stays valid
    auto again = s.get<Publisher>(p->id);
    CHECK(again != p);  // a detached object is not in the identity map
    s.remove(again);
    CHECK(s.is_modified(again));
    CHECK_FALSE(s.get<Publisher>(again->id));
    s.commit();
    CHECK(s.state_of(again) == orm::object_state::detached);
    CHECK(rows_of<Publisher>(db) == 0);
    // A pending object removed before any flush simply leaves.
    auto gone = s.add(Publisher{.name = "gone"});
    s.remove(gone);
    s.commit();
    CHECK(rows_of<Publisher>(db) == 0);
    CHECK(s.state_of(gone) == orm::object_state::detached);
}

TEST_CASE("refresh reloads and discards unflushed changes", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto p = s.add(Publisher{.name = "Ace"});
    s.commit();
    p->name = "local";
    {
        orm::session other{db};
        other.get<Publisher>(p->id)->name = "remote";
        other.commit();
    }
    s.refresh(p);
    CHECK(p->name == "remote");
    CHECK_FALSE(s.is_modified(p));
}

TEST_CASE("rollback discards unflushed changes", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto p = s.add(Publisher{.name = "Ace"});
    s.commit();
    p->name = "changed";
    auto q = s.add(Publisher{.name = "new"});
    s.remove(p);
    s.rollback();
    CHECK(p->name == "Ace");
    CHECK(s.state_of(p) == orm::object_state::persistent);
    CHECK_FALSE(s.is_modified(p));
    CHECK(s.state_of(q) == orm::object_state::detached);
    s.commit();
    CHECK(rows_of<Publisher>(db) == 1);
}

TEST_CASE("a row changed by another session makes the flush fail with stale_object_error",
          "[live][session]") {
    auto db = fresh_db();
    orm::session s1{db}, s2{db};
    auto a = s1.add(Account{.owner = "ann", .balance = 100});
    s1.commit();
    CHECK(a->version == 0);  // inserted with the version it had
    auto a2 = s2.get<Account>(a->id);
    a->balance = 50;
    s1.commit();
    CHECK(a->version == 1);
    a2->balance = 70;
    auto other = s2.add(Account{.owner = "other"});
    try {
        s2.flush();
        FAIL("expected a stale object error");
    } catch (const orm::stale_object_error& e) {
        CHECK(e.table() == "account");
        CHECK(e.key() == std::to_string(a->id));
    }
    // The whole flush was undone: no new row, version and balance unchanged in memory.
    CHECK(a2->version == 0);
    CHECK(a2->balance == 70);
    CHECK(s2.state_of(other) == orm::object_state::pending);
    CHECK(other->id == 0);
    CHECK(rows_of<Account>(db) == 1);
    CHECK(db.find<Account>(a->id)->balance == 50);
    // A versioned delete is checked the same way.
    s2.refresh(a2);
    CHECK(a2->version == 1);
    a->balance = 10;
    s1.commit();
    s2.remove(a2);
    CHECK_THROWS_AS(s2.flush(), orm::stale_object_error);
    CHECK(rows_of<Account>(db) == 1);
}

TEST_CASE("removing a parent with children fails unless they go too or the key cascades", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    auto w = s.add(Writer{.publisher = pub, .name = "w", .email = "w@x"});
    auto album = s.add(Album{.title = "A"});
    auto t1 = s.add(Track{.album = album, .title = "1"});
    auto t2 = s.add(Track{.album = album, .title = "2"});
    s.commit();

    s.remove(pub);
    try {
        s.flush();
        FAIL("expected a foreign key violation");
    } catch (const orm::integrity_error& e) {
        CHECK(e.which() == orm::integrity_error::kind::foreign_key);
    }
    CHECK(rows_of<Publisher>(db) == 1);
    CHECK(s.state_of(pub) == orm::object_state::persistent);

    // Children removed in the same flush are deleted first.
    s.remove(w);
    s.commit();
    CHECK(rows_of<Publisher>(db) == 0);
    CHECK(rows_of<Writer>(db) == 0);

    // ON DELETE CASCADE: the database deletes the tracks, the session forgets them.
    s.remove(album);
    s.commit();
    CHECK(rows_of<Track>(db) == 0);
    CHECK(s.state_of(t1) == orm::object_state::detached);
    CHECK(s.state_of(t2) == orm::object_state::detached);
    CHECK_FALSE(s.get<Track>(t1->id));
}

TEST_CASE("a ref loads its object through the identity map", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    auto w = s.add(Writer{.publisher = pub, .name = "w", .email = "w@x"});
    s.commit();
    orm::session fresh{db};
    auto w2 = fresh.get<Writer>(w->id);
    auto p2 = fresh.get(w2->publisher);
    REQUIRE(p2);
    CHECK(p2->name == "Ace");
    CHECK(fresh.get<Publisher>(pub->id) == p2);
}

TEST_CASE("integrity errors of a flush carry their kind, table and operation", "[live][session]") {
    auto db = fresh_db();
    orm::session s{db};
    auto pub = s.add(Publisher{.name = "Ace"});
    s.add(Writer{.publisher = pub, .name = "a", .email = "same@x"});
    s.commit();
    SECTION("unique") {
        s.add(Writer{.publisher = pub, .name = "b", .email = "same@x"});
        try {
            s.flush();
            FAIL();
        } catch (const orm::integrity_error& e) {
            CHECK(e.which() == orm::integrity_error::kind::unique);
            CHECK(e.table() == "writer");
        }
    }
    SECTION("foreign key") {
        s.add(Writer{.publisher = orm::ref<Publisher>(pub->id + 999), .name = "b", .email = "b@x"});
        try {
            s.flush();
            FAIL();
        } catch (const orm::integrity_error& e) {
            CHECK(e.which() == orm::integrity_error::kind::foreign_key);
            CHECK(e.operation() == "insert");
        }
    }
    SECTION("not null") {
        s.add(Writer{.publisher = {}, .name = "b", .email = "b@x"});
        try {
            s.flush();
            FAIL();
        } catch (const orm::integrity_error& e) {
            CHECK(e.which() == orm::integrity_error::kind::not_null);
        }
    }
    CHECK(rows_of<Writer>(db) == 1);
}
