// Constraint violations reported by the database: each is an integrity_error
// of the right kind naming the table and the operation, and leaves the
// database as it was.

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/live.hpp"
#include "support/models.hpp"

namespace errors_models {

/// Two views of one table: the strict one creates it (label NOT NULL), the
/// loose one can try to write a NULL into it.
struct StrictRow {
    std::int64_t id = 0;
    std::string label;
};

struct LooseRow {
    std::int64_t id = 0;
    std::optional<std::string> label;
};

}  // namespace errors_models

template <>
struct cormorant::model_traits<errors_models::StrictRow> {
    static constexpr std::string_view table = "errors_nn_rows";
};

template <>
struct cormorant::model_traits<errors_models::LooseRow> {
    static constexpr std::string_view table = "errors_nn_rows";
};

namespace {

namespace orm = cormorant;
using testlive::count_rows;
using namespace testmodels;
using namespace errors_models;
using kind = orm::integrity_error::kind;

void fresh_schema(orm::database& db) {
    db.drop_all<EveryType, Author, Book, Country, City, Employee>();
    db.create_all<EveryType, Author, Book, Country, City, Employee>();
}

/// Runs `action`, which must throw an integrity_error of kind `k` about an
/// insert into `table`.
template <class Action>
void expect_integrity_error(Action&& action, kind k, std::string_view table) {
    try {
        action();
        FAIL("no integrity_error was thrown");
    } catch (const orm::integrity_error& e) {
        const std::string msg = e.what();
        INFO("message: " << msg);
        CHECK(orm::to_string(e.which()) == std::string(orm::to_string(k)));
        CHECK(e.table() == table);
        CHECK(e.operation() == "insert");
        CHECK(msg.find(std::string(table)) != std::string::npos);
        CHECK(msg.find("insert") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("errors: a duplicate unique value is a unique violation", "[live][errors]") {
    auto db = testlive::open_db();
    fresh_schema(db);
    Author first{.name = "Ursula", .email = "ul@example.com"};
    db.insert(first);

    SECTION("a second row with the same email") {
        Author copy{.name = "Copycat", .email = "ul@example.com"};
        expect_integrity_error([&] { db.insert(copy); }, kind::unique, "authors");
        CHECK(copy.id == 0);
    }
    SECTION("a second row with the same key") {
        Author same_key{.id = first.id, .name = "Other", .email = "other@example.com"};
        expect_integrity_error([&] { db.insert(same_key); }, kind::unique, "authors");
    }
    SECTION("a duplicate inside one multi-row insert") {
        std::vector<Author> batch{{.name = "A", .email = "a@example.com"},
                                  {.name = "B", .email = "b@example.com"},
                                  {.name = "A again", .email = "a@example.com"}};
        expect_integrity_error([&] { db.insert(std::span<Author>(batch)); }, kind::unique, "authors");
        for (const Author& a : batch) CHECK(a.id == 0);
    }
    SECTION("a duplicate string key") {
        Country no{.code = "NO", .name = "Norway"};
        db.insert(no);
        Country again{.code = "NO", .name = "Norway again"};
        expect_integrity_error([&] { db.insert(again); }, kind::unique, "countries");
        CHECK(count_rows(db, "countries") == 1);
    }

    CHECK(count_rows(db, "authors") == 1);
    const auto all = db.select_all<Author>();
    REQUIRE(all.size() == 1);
    CHECK(all[0].name == "Ursula");

    // The database goes on working after the failure.
    Author next{.name = "Next", .email = "next@example.com"};
    REQUIRE_NOTHROW(db.insert(next));
    CHECK(count_rows(db, "authors") == 2);
}

TEST_CASE("errors: a key that references no row is a foreign key violation", "[live][errors]") {
    auto db = testlive::open_db();
    fresh_schema(db);
    Author ursula{.name = "Ursula", .email = "ul@example.com"};
    db.insert(ursula);
    Book ok{.author = orm::ref<Author>{ursula.id}, .title = "The Dispossessed"};
    db.insert(ok);

    SECTION("Book with an author that does not exist") {
        Book orphan{.author = orm::ref<Author>{ursula.id + 1000}, .title = "Nobody's"};
        expect_integrity_error([&] { db.insert(orphan); }, kind::foreign_key, "books");
        CHECK(count_rows(db, "books") == 1);
    }
    SECTION("Employee with a manager that does not exist") {
        Employee lost{.name = "Lost", .manager = orm::ref<Employee>{std::int64_t{424242}}};
        expect_integrity_error([&] { db.insert(lost); }, kind::foreign_key, "employee");
        CHECK(count_rows(db, "employee") == 0);
    }
    SECTION("City with a country code that does not exist") {
        City atlantis{.country = orm::ref<Country>{std::string("XX")}, .name = "Atlantis"};
        expect_integrity_error([&] { db.insert(atlantis); }, kind::foreign_key, "city");
        CHECK(count_rows(db, "city") == 0);
    }

    CHECK(count_rows(db, "authors") == 1);
    CHECK(count_rows(db, "books") == 1);
}

TEST_CASE("errors: a NULL in a NOT NULL column is a not null violation", "[live][errors]") {
    auto db = testlive::open_db();

    SECTION("an empty ref in a NOT NULL ref column") {
        fresh_schema(db);
        Author ursula{.name = "Ursula", .email = "ul@example.com"};
        db.insert(ursula);
        Book nobody{.title = "Anonymous"};
        REQUIRE_FALSE(nobody.author.has_value());
        expect_integrity_error([&] { db.insert(nobody); }, kind::not_null, "books");
        CHECK(count_rows(db, "books") == 0);
        CHECK(nobody.id == 0);
    }
    SECTION("a NULL written through a model whose field is optional") {
        db.drop_all<StrictRow>();
        db.create_all<StrictRow>();
        StrictRow strict{.label = "present"};
        db.insert(strict);
        LooseRow loose{.label = std::nullopt};
        expect_integrity_error([&] { db.insert(loose); }, kind::not_null, "errors_nn_rows");
        CHECK(count_rows(db, "errors_nn_rows") == 1);
        // A value through the same model is fine.
        LooseRow with_value{.label = "also present"};
        REQUIRE_NOTHROW(db.insert(with_value));
        CHECK(count_rows(db, "errors_nn_rows") == 2);
    }
}

TEST_CASE("errors: a CHECK constraint violation is a check violation", "[live][errors]") {
    auto db = testlive::open_db();
    auto c = db.acquire();
    c->execute("DROP TABLE IF EXISTS errors_check_probe", {});
    c->execute(
        "CREATE TABLE errors_check_probe (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER NOT NULL, "
        "CONSTRAINT errors_qty_not_negative CHECK (qty >= 0))",
        {});
    const std::string insert = "INSERT INTO errors_check_probe (id, qty) VALUES (:p1, :p2)";
    const orm::statement_context ctx{"errors_check_probe", "insert"};
    const std::vector<orm::value> good{orm::value{std::int64_t{1}}, orm::value{std::int64_t{5}}};
    CHECK(c->execute(insert, good, ctx) == 1);

    const std::vector<orm::value> bad{orm::value{std::int64_t{2}}, orm::value{std::int64_t{-1}}};
    std::vector<std::int64_t> ids;
    const orm::sql_type types[] = {orm::sql_type::int64};
    auto read_ids = [&] {
        ids.clear();
        c->query("SELECT id FROM errors_check_probe ORDER BY id", {}, types,
                 [&](std::span<orm::value> row) { ids.push_back(row[0].as_int()); });
        return ids;
    };
    expect_integrity_error([&] { c->execute(insert, bad, ctx); }, kind::check, "errors_check_probe");
    CHECK(read_ids() == std::vector<std::int64_t>{1});
    // The same row within the constraint goes in.
    const std::vector<orm::value> fixed{orm::value{std::int64_t{2}}, orm::value{std::int64_t{0}}};
    CHECK(c->execute(insert, fixed, ctx) == 1);
    CHECK(read_ids() == std::vector<std::int64_t>{1, 2});
    c->execute("DROP TABLE errors_check_probe", {});
}

TEST_CASE("errors: an insert split over several statements writes all rows or none", "[live][errors]") {
    auto db = testlive::open_db();
    fresh_schema(db);
    Author existing{.name = "Existing", .email = "existing@example.com"};
    db.insert(existing);

    std::vector<Author> authors(1200);
    for (std::size_t i = 0; i < authors.size(); ++i) {
        authors[i].name = "author " + std::to_string(i);
        authors[i].email = "m" + std::to_string(i) + "@example.com";
    }

    SECTION("the failing row is in a later statement than the first") {
        authors[1100].email = authors[3].email;
        expect_integrity_error([&] { db.insert(std::span<Author>(authors)); }, kind::unique, "authors");
    }
    SECTION("assigned keys go first; the failure is among the generated ones") {
        authors[0].id = 9'000'000'000;
        authors[1].id = 9'000'000'001;
        authors[900].email = "existing@example.com";
        expect_integrity_error([&] { db.insert(std::span<Author>(authors)); }, kind::unique, "authors");
        // The assigned keys are the caller's and stay.
        CHECK(authors[0].id == 9'000'000'000);
        CHECK(authors[1].id == 9'000'000'001);
        authors[0].id = 0;
        authors[1].id = 0;
    }

    CHECK(count_rows(db, "authors") == 1);
    // Keys the database generated for rows that were rolled back are not left behind in the objects.
    std::size_t with_key = 0;
    for (const Author& a : authors) with_key += a.id != 0;
    CHECK(with_key == 0);
}
