// Schema order: tables sorted by their foreign keys for CREATE (parents
// first) and DROP (children first); foreign-key cycles are refused.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cormorant/sql.hpp"
#include "support/models.hpp"

using namespace testmodels;
using cormorant::backend_kind;
using cormorant::creation_order;
using cormorant::dialect_for;
using cormorant::table_info;
using cormorant::table_of;

namespace {

using tables = std::vector<const table_info*>;

/// The table names of creation_order(ts), in order.
std::vector<std::string> order_of(const tables& ts) {
    std::vector<std::string> out;
    for (const table_info* t : creation_order(ts)) out.push_back(t->name);
    return out;
}

/// The message of the schema_error that creation_order(ts) throws.
std::string cycle_message(const tables& ts) {
    try {
        (void)creation_order(ts);
    } catch (const cormorant::schema_error& e) {
        return e.what();
    }
    FAIL_CHECK("creation_order accepted a cycle");
    return {};
}

}  // namespace

TEST_CASE("creation_order puts parents first", "[dry][schema]") {
    CHECK(order_of({&table_of<Book>(), &table_of<Author>()}) == std::vector<std::string>{"authors", "books"});
    CHECK(order_of({&table_of<Author>(), &table_of<Book>()}) == std::vector<std::string>{"authors", "books"});
    // A chain given child first.
    CHECK(order_of({&table_of<Chapter>(), &table_of<Book>(), &table_of<Author>()}) ==
          std::vector<std::string>{"authors", "books", "chapter"});
    CHECK(order_of({&table_of<Chapter>(), &table_of<Author>(), &table_of<Book>()}) ==
          std::vector<std::string>{"authors", "books", "chapter"});
    CHECK(order_of({&table_of<City>(), &table_of<Country>()}) ==
          std::vector<std::string>{"countries", "city"});
    // Two children of one parent.
    CHECK(order_of({&table_of<Embassy>(), &table_of<City>(), &table_of<Country>()}) ==
          std::vector<std::string>{"countries", "embassy", "city"});
}

TEST_CASE("creation_order keeps the given order between independent tables", "[dry][schema]") {
    CHECK(order_of({&table_of<Author>(), &table_of<Country>(), &table_of<EveryType>()}) ==
          std::vector<std::string>{"authors", "countries", "every_type"});
    CHECK(order_of({&table_of<EveryType>(), &table_of<Country>(), &table_of<Author>()}) ==
          std::vector<std::string>{"every_type", "countries", "authors"});
    // Parents already in front: nothing moves.
    CHECK(order_of({&table_of<Country>(), &table_of<Author>(), &table_of<City>(), &table_of<Book>()}) ==
          std::vector<std::string>{"countries", "authors", "city", "books"});
    CHECK(order_of({}).empty());
}

TEST_CASE("creation_order: every table follows the tables it references", "[dry][schema]") {
    const tables given{&table_of<Chapter>(), &table_of<Embassy>(),  &table_of<City>(),
                       &table_of<Book>(),    &table_of<Employee>(), &table_of<Author>(),
                       &table_of<Country>(), &table_of<EveryType>()};
    const tables order = creation_order(given);
    REQUIRE(order.size() == given.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (const cormorant::column_info& c : order[i]->columns) {
            if (!c.references) continue;
            const table_info* parent = &c.references();
            if (parent == order[i]) continue;
            const auto at = std::find(order.begin(), order.end(), parent);
            INFO(order[i]->name << " references " << parent->name);
            CHECK(at - order.begin() < static_cast<std::ptrdiff_t>(i));
        }
    }
}

TEST_CASE("creation_order accepts a self-reference", "[dry][schema]") {
    CHECK(order_of({&table_of<Employee>()}) == std::vector<std::string>{"employee"});
    CHECK(order_of({&table_of<Employee>(), &table_of<Author>()}) ==
          std::vector<std::string>{"employee", "authors"});
}

TEST_CASE("creation_order ignores references to tables not in the list", "[dry][schema]") {
    CHECK(order_of({&table_of<Book>()}) == std::vector<std::string>{"books"});
    CHECK(order_of({&table_of<Chapter>(), &table_of<City>()}) == std::vector<std::string>{"chapter", "city"});
    CHECK(order_of({&table_of<Embassy>(), &table_of<City>()}) == std::vector<std::string>{"embassy", "city"});
    // One half of a cycle alone is no cycle.
    CHECK(order_of({&table_of<CycleA>()}) == std::vector<std::string>{"cycle_a"});
    CHECK(order_of({&table_of<TriA>(), &table_of<TriB>()}) == std::vector<std::string>{"tri_b", "tri_a"});
}

TEST_CASE("a two-table foreign-key cycle is a schema_error naming both tables", "[dry][schema]") {
    CHECK_THROWS_AS(creation_order({&table_of<CycleA>(), &table_of<CycleB>()}), cormorant::schema_error);
    for (const tables& ts :
         {tables{&table_of<CycleA>(), &table_of<CycleB>()}, tables{&table_of<CycleB>(), &table_of<CycleA>()},
          tables{&table_of<Author>(), &table_of<CycleB>(), &table_of<Book>(), &table_of<CycleA>()}}) {
        const std::string message = cycle_message(ts);
        INFO(message);
        CHECK_THAT(message, Catch::Matchers::Contains("cycle"));
        CHECK_THAT(message, Catch::Matchers::Contains("cycle_a"));
        CHECK_THAT(message, Catch::Matchers::Contains("cycle_b"));
        CHECK_THAT(message, !Catch::Matchers::Contains("authors") && !Catch::Matchers::Contains("books"));
    }
}

TEST_CASE("a three-table foreign-key cycle is a schema_error naming all three", "[dry][schema]") {
    for (const tables& ts : {tables{&table_of<TriA>(), &table_of<TriB>(), &table_of<TriC>()},
                             tables{&table_of<TriC>(), &table_of<TriB>(), &table_of<TriA>()},
                             tables{&table_of<Country>(), &table_of<TriB>(), &table_of<City>(),
                                    &table_of<TriC>(), &table_of<TriA>()}}) {
        const std::string message = cycle_message(ts);
        INFO(message);
        CHECK_THAT(message, Catch::Matchers::Contains("tri_a"));
        CHECK_THAT(message, Catch::Matchers::Contains("tri_b"));
        CHECK_THAT(message, Catch::Matchers::Contains("tri_c"));
        CHECK_THAT(message, !Catch::Matchers::Contains("countries") && !Catch::Matchers::Contains("city"));
    }
    // The cycle is shown in reference order.
    CHECK_THAT(cycle_message({&table_of<TriA>(), &table_of<TriB>(), &table_of<TriC>()}),
               Catch::Matchers::Contains("tri_a -> tri_b -> tri_c -> tri_a"));
}

TEST_CASE("create_statements and drop_statements follow the creation order", "[dry][schema]") {
    const tables given{&table_of<Book>(), &table_of<Author>()};
    CHECK(cormorant::create_statements(dialect_for(backend_kind::sqlite), given) ==
          std::vector<std::string>{
              R"(CREATE TABLE IF NOT EXISTS "authors" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, )"
              R"("email" TEXT NOT NULL, "born" INTEGER, "rating" DOUBLE NOT NULL, )"
              R"("active" BOOLEAN NOT NULL, CONSTRAINT "uq_authors_email" UNIQUE ("email")))",
              R"(CREATE TABLE IF NOT EXISTS "books" ("id" INTEGER PRIMARY KEY, "author_id" BIGINT NOT NULL, )"
              R"("title" TEXT NOT NULL, "pages" INTEGER NOT NULL, "isbn" TEXT, )"
              R"(CONSTRAINT "fk_books_author_id" FOREIGN KEY ("author_id") REFERENCES "authors" ("id")))",
              R"(CREATE INDEX IF NOT EXISTS "ix_books_title" ON "books" ("title"))",
          });
    CHECK(cormorant::drop_statements(dialect_for(backend_kind::sqlite), given) ==
          std::vector<std::string>{R"(DROP TABLE IF EXISTS "books")", R"(DROP TABLE IF EXISTS "authors")"});

    // Every backend: CREATE TABLE and CREATE INDEX statements of each table
    // together, tables in creation order; DROP in reverse.
    const tables five{&table_of<City>(), &table_of<Chapter>(), &table_of<Country>(), &table_of<Book>(),
                      &table_of<Author>()};
    for (backend_kind k : {backend_kind::sqlite, backend_kind::postgresql, backend_kind::mysql}) {
        INFO(cormorant::to_string(k));
        const cormorant::dialect& d = dialect_for(k);
        std::vector<std::string> expected;
        for (const table_info* t : {&table_of<Country>(), &table_of<City>(), &table_of<Author>(),
                                    &table_of<Book>(), &table_of<Chapter>()})
            for (const std::string& s : cormorant::sql::create_table(d, *t)) expected.push_back(s);
        CHECK(cormorant::create_statements(d, five) == expected);
        CHECK(cormorant::drop_statements(d, five) ==
              std::vector<std::string>{cormorant::sql::drop_table(d, table_of<Chapter>()),
                                       cormorant::sql::drop_table(d, table_of<Book>()),
                                       cormorant::sql::drop_table(d, table_of<Author>()),
                                       cormorant::sql::drop_table(d, table_of<City>()),
                                       cormorant::sql::drop_table(d, table_of<Country>())});
    }
}

TEST_CASE("create_statements and drop_statements refuse a cycle", "[dry][schema]") {
    const tables ts{&table_of<CycleA>(), &table_of<CycleB>()};
    CHECK_THROWS_AS(cormorant::create_statements(dialect_for(backend_kind::postgresql), ts),
                    cormorant::schema_error);
    CHECK_THROWS_AS(cormorant::drop_statements(dialect_for(backend_kind::mysql), ts),
                    cormorant::schema_error);
}
