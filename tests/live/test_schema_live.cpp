// create_all and drop_all against the database: tables appear and work,
// creating twice and dropping what is not there are harmless, and dropping
// follows the foreign keys (children first).

#include <catch2/catch.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/live.hpp"
#include "support/models.hpp"

namespace {

namespace orm = cormorant;
using testlive::count_rows;
using testlive::table_exists;
using namespace testmodels;

const std::vector<std::string_view> foundation_tables{"every_type", "authors", "books",
                                                      "countries",  "city",    "employee"};

void drop_foundation(orm::database& db) {
    db.drop_all<EveryType, Author, Book, Country, City, Employee>();
}
void create_foundation(orm::database& db) {
    db.create_all<EveryType, Author, Book, Country, City, Employee>();
}

/// One row in each table, children referencing parents.
void fill_foundation(orm::database& db) {
    EveryType e;
    e.text = "row";
    db.insert(e);
    Author a{.name = "Ursula", .email = "ul@example.com"};
    db.insert(a);
    Book b{.author = orm::ref<Author>{a.id}, .title = "The Dispossessed", .pages = 387};
    db.insert(b);
    Country c{.code = "NO", .name = "Norway", .population = 5'500'000};
    db.insert(c);
    City city{.country = orm::ref<Country>{std::string("NO")}, .name = "Oslo", .lat = 59.9};
    db.insert(city);
    Employee boss{.name = "Boss"};
    db.insert(boss);
    Employee worker{.name = "Worker", .manager = orm::ref<Employee>{boss.id}};
    db.insert(worker);
}

}  // namespace

TEST_CASE("schema: create_all creates every table, usable at once", "[live][schema]") {
    auto db = testlive::open_db();
    drop_foundation(db);
    for (std::string_view t : foundation_tables) {
        INFO("table " << t);
        CHECK_FALSE(table_exists(db, t));
    }

    create_foundation(db);
    for (std::string_view t : foundation_tables) {
        INFO("table " << t);
        CHECK(table_exists(db, t));
        CHECK(count_rows(db, t) == 0);
    }

    fill_foundation(db);
    CHECK(db.select_all<EveryType>().size() == 1);
    CHECK(db.select_all<Author>().size() == 1);
    CHECK(db.select_all<Book>().size() == 1);
    CHECK(db.select_all<Country>().size() == 1);
    CHECK(db.select_all<City>().size() == 1);
    CHECK(db.select_all<Employee>().size() == 2);
}

TEST_CASE("schema: create_all twice is harmless and keeps the rows", "[live][schema]") {
    auto db = testlive::open_db();
    drop_foundation(db);
    create_foundation(db);
    fill_foundation(db);

    REQUIRE_NOTHROW(create_foundation(db));
    // In another order, and one model at a time: still nothing happens.
    REQUIRE_NOTHROW(db.create_all<Employee, City, Country, Book, Author, EveryType>());
    REQUIRE_NOTHROW(db.create_all<Book>());

    CHECK(count_rows(db, "every_type") == 1);
    CHECK(count_rows(db, "authors") == 1);
    CHECK(count_rows(db, "books") == 1);
    CHECK(count_rows(db, "countries") == 1);
    CHECK(count_rows(db, "city") == 1);
    CHECK(count_rows(db, "employee") == 2);

    // The constraints are still in force: the unique email of authors.
    Author copy{.name = "Copy", .email = "ul@example.com"};
    CHECK_THROWS_AS(db.insert(copy), orm::integrity_error);
}

TEST_CASE("schema: drop_all drops children before parents, with rows present", "[live][schema]") {
    auto db = testlive::open_db();
    drop_foundation(db);
    create_foundation(db);
    fill_foundation(db);

    // Parents named first: the order comes from the foreign keys, not from the list.
    REQUIRE_NOTHROW(db.drop_all<Author, Book, Country, City, Employee, EveryType>());
    for (std::string_view t : foundation_tables) {
        INFO("table " << t);
        CHECK_FALSE(table_exists(db, t));
    }
    CHECK_THROWS_AS(db.select_all<Author>(), orm::database_error);
    CHECK_THROWS_AS(db.select_all<Book>(), orm::database_error);

    // And created again from nothing, children named first.
    create_foundation(db);
    fill_foundation(db);
    REQUIRE_NOTHROW(db.drop_all<Book, Author>());
    CHECK_FALSE(table_exists(db, "books"));
    CHECK_FALSE(table_exists(db, "authors"));
    CHECK(table_exists(db, "countries"));
    CHECK(table_exists(db, "city"));
    REQUIRE_NOTHROW(db.drop_all<Country, City>());
    CHECK_FALSE(table_exists(db, "countries"));
    CHECK_FALSE(table_exists(db, "city"));
    drop_foundation(db);
}

TEST_CASE("schema: drop_all when nothing exists is harmless", "[live][schema]") {
    auto db = testlive::open_db();
    drop_foundation(db);
    REQUIRE_NOTHROW(drop_foundation(db));
    REQUIRE_NOTHROW(db.drop_all<Book>());
    for (std::string_view t : foundation_tables) {
        INFO("table " << t);
        CHECK_FALSE(table_exists(db, t));
    }
    // Part of the set present, part missing.
    db.create_all<Author>();
    CHECK(table_exists(db, "authors"));
    REQUIRE_NOTHROW(drop_foundation(db));
    CHECK_FALSE(table_exists(db, "authors"));
}
