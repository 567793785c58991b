// The order of a flush on real schemas, on every backend: rows ordered by the
// references between them (tables that reference each other included), rows
// that form a cycle through an optional ref written with a link afterwards,
// a cycle of required refs refused before any SQL, a removed row and a new
// object with its key written as one UPDATE (row switch), and deletes that
// free a unique value sent before the writes that take it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace orm = cormorant;
using testlive::sql_log;

namespace floworder {

struct FoTag {  // an assigned text key
    std::string id;
    std::string label;
    int uses = 0;
};

struct FoDoc {  // an assigned integer key and a version column
    std::int64_t id = 0;
    std::string title;
    std::int32_t version = 0;
};

struct FoUser {  // a generated key and a unique column
    std::int64_t id = 0;
    std::string email;
    std::string name;
};

struct FoNode {  // a required reference to its own table
    std::int64_t id = 0;
    std::string name;
    orm::ref<FoNode> next;
};

}  // namespace floworder

template <>
struct cormorant::model_traits<floworder::FoDoc> {
    static constexpr auto version = &floworder::FoDoc::version;
};
template <>
struct cormorant::model_traits<floworder::FoUser> {
    static constexpr auto unique = cormorant::columns(&floworder::FoUser::email);
};

using namespace floworder;

namespace {

std::string q(orm::database& db, const std::string& name) {
    return db.dialect().quote(name);
}

template <class T>
std::size_t rows_of(orm::database& db) {
    return db.select_all<T>().size();
}

orm::database simple_db() {
    auto db = testlive::open_db();
    db.drop_all<FoTag, FoDoc, FoUser, FoNode>();
    db.create_all<FoTag, FoDoc, FoUser, FoNode>();
    return db;
}

}  // namespace

TEST_CASE("row switch: a removed row and a new object with its key become one UPDATE", "[live][flush]") {
    auto db = simple_db();
    {
        orm::session s{db};
        s.add(FoTag{.id = "cpp", .label = "C++", .uses = 3});
        s.commit();
    }
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto old = s.get<FoTag>(std::string("cpp"));
    REQUIRE(old);
    s.remove(old);
    auto fresh = s.add(FoTag{.id = "cpp", .label = "C++20", .uses = 3});
    log.statements.clear();
    s.commit();
    // Only the column that differs is written; no INSERT, no DELETE.
    CHECK(log.writes() == std::vector<std::string>{"UPDATE " + q(db, "fo_tag") + " SET " + q(db, "label") +
                                                   " = :p1 WHERE " + q(db, "id") + " = :p2"});
    CHECK(s.state_of(fresh) == orm::object_state::persistent);
    CHECK(s.state_of(old) == orm::object_state::detached);
    CHECK(s.get<FoTag>(std::string("cpp")) == fresh);
    const auto rows = db.select_all<FoTag>();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].label == "C++20");
    CHECK(rows[0].uses == 3);
    // The new object is tracked from the row: nothing more to write.
    log.statements.clear();
    s.commit();
    CHECK(log.writes().empty());
    fresh->uses = 4;
    s.commit();
    CHECK(db.select_all<FoTag>()[0].uses == 4);
}

TEST_CASE("row switch with a version column goes on from the removed row's version", "[live][flush]") {
    auto db = simple_db();
    {
        orm::session s{db};
        auto d = s.add(FoDoc{.id = 7, .title = "A"});
        s.commit();
        d->title = "A2";
        s.commit();  // version 1
    }
    orm::session s{db};
    sql_log log;
    log.attach(s);

    SECTION("a changed column: one versioned UPDATE") {
        auto old = s.get<FoDoc>(std::int64_t{7});
        REQUIRE(old);
        REQUIRE(old->version == 1);
        s.remove(old);
        auto fresh = s.add(FoDoc{.id = 7, .title = "B"});
        log.statements.clear();
        s.commit();
        CHECK(log.writes() ==
              std::vector<std::string>{"UPDATE " + q(db, "fo_doc") + " SET " + q(db, "title") + " = :p1, " +
                                       q(db, "version") + " = :p2 WHERE " + q(db, "id") + " = :p3 AND " +
                                       q(db, "version") + " = :p4"});
        CHECK(fresh->version == 2);
        const auto rows = db.select_all<FoDoc>();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].title == "B");
        CHECK(rows[0].version == 2);
    }
    SECTION("nothing differs: nothing is sent, the new object takes the row's version") {
        auto old = s.get<FoDoc>(std::int64_t{7});
        s.remove(old);
        auto fresh = s.add(FoDoc{.id = 7, .title = "A2"});
        log.statements.clear();
        s.commit();
        CHECK(log.writes().empty());
        CHECK(fresh->version == 1);
        CHECK(s.state_of(fresh) == orm::object_state::persistent);
        fresh->title = "C";
        s.commit();
        CHECK(db.select_all<FoDoc>()[0].version == 2);
    }
    SECTION("a row changed by someone else meanwhile: stale, and nothing changes") {
        auto old = s.get<FoDoc>(std::int64_t{7});
        s.remove(old);
        auto fresh = s.add(FoDoc{.id = 7, .title = "B"});
        {
            orm::session other{db};
            other.get<FoDoc>(std::int64_t{7})->title = "theirs";
            other.commit();
        }
        CHECK_THROWS_AS(s.commit(), orm::stale_object_error);
        CHECK(s.state_of(fresh) == orm::object_state::pending);
        CHECK(s.state_of(old) == orm::object_state::persistent);
        CHECK(fresh->version == 0);
        CHECK(db.select_all<FoDoc>()[0].title == "theirs");
    }
    SECTION("inside an atomic block that rolls back, memory follows the database") {
        auto old = s.get<FoDoc>(std::int64_t{7});
        std::shared_ptr<FoDoc> fresh;
        CHECK_THROWS_AS(s.atomic([&] {
            s.remove(old);
            fresh = s.add(FoDoc{.id = 7, .title = "B"});
            s.flush();
            CHECK(s.get<FoDoc>(std::int64_t{7}) == fresh);
            throw std::runtime_error("undo");
        }),
                        std::runtime_error);
        CHECK(s.state_of(old) == orm::object_state::persistent);
        CHECK(s.state_of(fresh) == orm::object_state::detached);
        CHECK(s.get<FoDoc>(std::int64_t{7}) == old);
        CHECK(old->title == "A2");
        CHECK(db.select_all<FoDoc>()[0].title == "A2");
    }
}

TEST_CASE("a delete that frees a unique value goes before the write that takes it", "[live][flush]") {
    auto db = simple_db();
    {
        orm::session s{db};
        s.add(FoUser{.email = "ann@example.com", .name = "Ann"});
        s.add(FoUser{.email = "bob@example.com", .name = "Bob"});
        s.commit();
    }
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto users = s.query<FoUser>().order_by(&FoUser::id).all();
    REQUIRE(users.size() == 2);
    auto ann = users[0], bob = users[1];

    SECTION("by a new row") {
        s.remove(ann);
        auto again = s.add(FoUser{.email = "ann@example.com", .name = "Ann again"});
        log.statements.clear();
        s.commit();
        const auto w = log.writes();
        REQUIRE(w.size() == 2);
        CHECK(w[0].rfind("DELETE FROM " + q(db, "fo_user"), 0) == 0);
        CHECK(w[1].rfind("INSERT INTO " + q(db, "fo_user"), 0) == 0);
        CHECK(s.state_of(again) == orm::object_state::persistent);
        CHECK(again->id != ann->id);
        CHECK(s.query<FoUser>().where(orm::col(&FoUser::email) == "ann@example.com").one()->name ==
              "Ann again");
        CHECK(rows_of<FoUser>(db) == 2);
    }
    SECTION("by a changed row") {
        s.remove(ann);
        bob->email = "ann@example.com";
        log.statements.clear();
        s.commit();
        const auto w = log.writes();
        REQUIRE(w.size() == 2);
        CHECK(w[0].rfind("DELETE FROM " + q(db, "fo_user"), 0) == 0);
        CHECK(w[1].rfind("UPDATE " + q(db, "fo_user"), 0) == 0);
        const auto rows = db.select_all<FoUser>();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].name == "Bob");
        CHECK(rows[0].email == "ann@example.com");
    }
    SECTION("two rows swapping their values: no order works, and nothing changes") {
        ann->email = "bob@example.com";
        bob->email = "ann@example.com";
        try {
            s.commit();
            FAIL("a swap of unique values cannot be written");
        } catch (const orm::integrity_error& e) {
            CHECK(e.which() == orm::integrity_error::kind::unique);
        }
        CHECK(ann->email == "bob@example.com");  // the session is as before the flush
        CHECK(s.is_modified(ann));
        const auto rows = db.select_all<FoUser>();
        REQUIRE(rows.size() == 2);
        CHECK(((rows[0].name == "Ann" && rows[0].email == "ann@example.com") ||
               (rows[0].name == "Bob" && rows[0].email == "bob@example.com")));
        CHECK(((rows[1].name == "Ann" && rows[1].email == "ann@example.com") ||
               (rows[1].name == "Bob" && rows[1].email == "bob@example.com")));
    }
}

TEST_CASE("a cycle of required refs within one table is refused before any SQL", "[live][flush]") {
    auto db = simple_db();
    orm::session s{db};
    auto a = s.add(FoNode{.name = "a"});
    auto b = s.add(FoNode{.name = "b", .next = a});
    a->next = b;
    const auto before = s.stats().statements;
    try {
        s.flush();
        FAIL("a cycle of required refs cannot be inserted");
    } catch (const orm::flush_error& e) {
        const std::string message = e.what();
        CHECK_THAT(message, Catch::Matchers::Contains("required refs only"));
        CHECK_THAT(message, Catch::Matchers::Contains("fo_node (new) -[next_id]-> fo_node (new)"));
    }
    CHECK(s.stats().statements == before);
    CHECK(s.state_of(a) == orm::object_state::pending);
    CHECK(s.state_of(b) == orm::object_state::pending);
    CHECK(a->id == 0);
    CHECK(b->id == 0);
    CHECK(rows_of<FoNode>(db) == 0);
    a->next = orm::ref<FoNode>();  // the refs keep each other alive until one is cleared
    s.expunge_all();
}
