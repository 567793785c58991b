// Schema order: tables sorted by their foreign keys for CREATE (parents
// first) and DROP (children first); where the keys form a cycle, the keys
// that close it are deferred: added by ALTER TABLE after every table exists
// and dropped before the tables (SQLite: kept in CREATE TABLE, the drops in
// one transaction with the checks put off until COMMIT).

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cormorant/schema.hpp"
#include "cormorant/sql.hpp"
#include "support/models.hpp"

using namespace testmodels;
using cormorant::backend_kind;
using cormorant::creation_order;
using cormorant::dialect_for;
using cormorant::order_tables;
using cormorant::table_info;
using cormorant::table_of;

namespace {

using tables = std::vector<const table_info*>;
using statements = std::vector<std::string>;

/// The table names of creation_order(ts), in order.
std::vector<std::string> order_of(const tables& ts) {
    std::vector<std::string> out;
    for (const table_info* t : creation_order(ts)) out.push_back(t->name);
    return out;
}

/// The deferred foreign keys of order_tables(ts), as "table.column".
std::vector<std::string> deferred_of(const tables& ts) {
    std::vector<std::string> out;
    for (const cormorant::deferred_foreign_key& k : order_tables(ts).deferred)
        out.push_back(k.table->name + "." + k.table->columns[k.column].name);
    return out;
}

/// A script as lines: conditions and the transaction written out in front.
statements lines(const cormorant::schema_script& script) {
    using condition = cormorant::schema_statement::condition;
    statements out;
    if (script.one_transaction) out.push_back("-- in one transaction");
    for (const cormorant::schema_statement& s : script.statements) {
        switch (s.when) {
            case condition::always:
                out.push_back(s.sql);
                break;
            case condition::constraint_absent:
                out.push_back("-- unless " + s.table + " has " + s.constraint + ": " + s.sql);
                break;
            case condition::constraint_present:
                out.push_back("-- if " + s.table + " has " + s.constraint + ": " + s.sql);
                break;
        }
    }
    return out;
}

statements create_lines(backend_kind k, const tables& ts) {
    return lines(cormorant::create_statements(dialect_for(k), ts));
}
statements drop_lines(backend_kind k, const tables& ts) {
    return lines(cormorant::drop_statements(dialect_for(k), ts));
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

TEST_CASE("creation_order never throws for a cycle; order_tables names the keys that close it",
          "[dry][schema]") {
    // Two tables, required refs both ways: the key of the table created first waits.
    CHECK(order_of({&table_of<CycleA>(), &table_of<CycleB>()}) ==
          std::vector<std::string>{"cycle_b", "cycle_a"});
    CHECK(deferred_of({&table_of<CycleA>(), &table_of<CycleB>()}) ==
          std::vector<std::string>{"cycle_b.a_id"});
    CHECK(order_of({&table_of<CycleB>(), &table_of<CycleA>()}) ==
          std::vector<std::string>{"cycle_a", "cycle_b"});
    CHECK(deferred_of({&table_of<CycleB>(), &table_of<CycleA>()}) ==
          std::vector<std::string>{"cycle_a.b_id"});
    // Three in a ring.
    CHECK(order_of({&table_of<TriA>(), &table_of<TriB>(), &table_of<TriC>()}) ==
          std::vector<std::string>{"tri_c", "tri_b", "tri_a"});
    CHECK(deferred_of({&table_of<TriA>(), &table_of<TriB>(), &table_of<TriC>()}) ==
          std::vector<std::string>{"tri_c.next_id"});
    // Tables outside the cycle keep their place and their keys.
    const tables mixed{&table_of<Country>(), &table_of<TriB>(), &table_of<City>(), &table_of<TriC>(),
                       &table_of<TriA>()};
    CHECK(order_of(mixed) == std::vector<std::string>{"countries", "tri_a", "tri_c", "tri_b", "city"});
    CHECK(deferred_of(mixed) == std::vector<std::string>{"tri_a.next_id"});
    // A self-reference is never deferred.
    CHECK(deferred_of({&table_of<Employee>(), &table_of<Author>()}).empty());
    // No cycle, nothing deferred.
    CHECK(deferred_of({&table_of<Chapter>(), &table_of<Book>(), &table_of<Author>()}).empty());
}

TEST_CASE("a cycle is broken at an optional ref, whatever the given order", "[dry][schema]") {
    // OrgMember::unit is required, OrgUnit::head optional.
    for (const tables& ts : {tables{&table_of<OrgUnit>(), &table_of<OrgMember>()},
                             tables{&table_of<OrgMember>(), &table_of<OrgUnit>()},
                             tables{&table_of<OrgMember>(), &table_of<Author>(), &table_of<OrgUnit>()}}) {
        const auto names = order_of(ts);
        CHECK(std::find(names.begin(), names.end(), "org_unit") <
              std::find(names.begin(), names.end(), "org_member"));
        CHECK(deferred_of(ts) == std::vector<std::string>{"org_unit.head_id"});
    }
    // Listed twice, counted once.
    CHECK(order_of({&table_of<OrgMember>(), &table_of<OrgUnit>(), &table_of<OrgMember>()}) ==
          std::vector<std::string>{"org_unit", "org_member"});
}

TEST_CASE("every foreign key points at a table created earlier, or is deferred", "[dry][schema]") {
    const tables given{&table_of<TriB>(),     &table_of<Chapter>(), &table_of<OrgMember>(),
                       &table_of<CycleA>(),   &table_of<Book>(),    &table_of<TriA>(),
                       &table_of<Employee>(), &table_of<OrgUnit>(), &table_of<Author>(),
                       &table_of<TriC>(),     &table_of<CycleB>(),  &table_of<Embassy>(),
                       &table_of<Country>(),  &table_of<City>()};
    const cormorant::table_order order = order_tables(given);
    REQUIRE(order.tables.size() == given.size());
    for (std::size_t i = 0; i < order.tables.size(); ++i) {
        const table_info& t = *order.tables[i];
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (!t.columns[c].references) continue;
            const table_info* parent = &t.columns[c].references();
            const bool deferred = std::find(order.deferred.begin(), order.deferred.end(),
                                            cormorant::deferred_foreign_key{&t, c}) != order.deferred.end();
            const auto at =
                std::find(order.tables.begin(), order.tables.end(), parent) - order.tables.begin();
            INFO(t.name << "." << t.columns[c].name << " references " << parent->name);
            CHECK(deferred == (at > static_cast<std::ptrdiff_t>(i)));
        }
    }
    // One key per cycle: cycle_a/cycle_b, tri_*, org_unit/org_member.
    CHECK(order.deferred.size() == 3);
}
TEST_CASE("create_statements and drop_statements follow the creation order", "[dry][schema]") {
    const tables given{&table_of<Book>(), &table_of<Author>()};
    CHECK(
        create_lines(backend_kind::sqlite, given) ==
        std::vector<std::string>{
            R"(CREATE TABLE IF NOT EXISTS "authors" ("id" INTEGER PRIMARY KEY, "name" TEXT DEFAULT '' NOT NULL, )"
            R"("email" TEXT DEFAULT '' NOT NULL, "born" INTEGER, "rating" DOUBLE DEFAULT 0 NOT NULL, )"
            R"("active" BOOLEAN DEFAULT 1 NOT NULL, CONSTRAINT "uq_authors_email" UNIQUE ("email")))",
            R"(CREATE TABLE IF NOT EXISTS "books" ("id" INTEGER PRIMARY KEY, "author_id" BIGINT NOT NULL, )"
            R"("title" TEXT DEFAULT '' NOT NULL, "pages" INTEGER DEFAULT 0 NOT NULL, "isbn" TEXT, )"
            R"(CONSTRAINT "fk_books_author_id" FOREIGN KEY ("author_id") REFERENCES "authors" ("id")))",
            R"(CREATE INDEX IF NOT EXISTS "ix_books_title" ON "books" ("title"))",
        });
    CHECK(drop_lines(backend_kind::sqlite, given) ==
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
        CHECK(create_lines(k, five) == expected);
        CHECK(drop_lines(k, five) ==
              std::vector<std::string>{cormorant::sql::drop_table(d, table_of<Chapter>()),
                                       cormorant::sql::drop_table(d, table_of<Book>()),
                                       cormorant::sql::drop_table(d, table_of<Author>()),
                                       cormorant::sql::drop_table(d, table_of<City>()),
                                       cormorant::sql::drop_table(d, table_of<Country>())});
    }
}

TEST_CASE("create_statements and drop_statements of a two-table cycle through an optional ref",
          "[dry][schema]") {
    // OrgMember::unit -> org_unit (required), OrgUnit::head -> org_member (optional): org_unit
    // comes first and its head_id key waits for org_member.
    const tables given{&table_of<OrgMember>(), &table_of<OrgUnit>()};
    // clang-format off
    CHECK(create_lines(backend_kind::sqlite, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "org_unit" ("id" INTEGER PRIMARY KEY, "name" TEXT DEFAULT '' NOT NULL, )"
        R"("head_id" BIGINT, )"
        R"(CONSTRAINT "fk_org_unit_head_id" FOREIGN KEY ("head_id") REFERENCES "org_member" ("id")))",
        R"(CREATE TABLE IF NOT EXISTS "org_member" ("id" INTEGER PRIMARY KEY, "name" TEXT DEFAULT '' NOT NULL, )"
        R"("unit_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_org_member_unit_id" FOREIGN KEY ("unit_id") REFERENCES "org_unit" ("id")))",
    });
    CHECK(drop_lines(backend_kind::sqlite, given) == statements{
        "-- in one transaction",
        "PRAGMA defer_foreign_keys = ON",
        R"(DROP TABLE IF EXISTS "org_member")",
        R"(DROP TABLE IF EXISTS "org_unit")",
    });

    CHECK(create_lines(backend_kind::postgresql, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "org_unit" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("name" TEXT DEFAULT '' NOT NULL, "head_id" BIGINT))",
        R"(CREATE TABLE IF NOT EXISTS "org_member" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("name" TEXT DEFAULT '' NOT NULL, "unit_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_org_member_unit_id" FOREIGN KEY ("unit_id") REFERENCES "org_unit" ("id")))",
        R"(-- unless org_unit has fk_org_unit_head_id: )"
        R"(ALTER TABLE "org_unit" ADD CONSTRAINT "fk_org_unit_head_id" FOREIGN KEY ("head_id") )"
        R"(REFERENCES "org_member" ("id"))",
    });
    CHECK(drop_lines(backend_kind::postgresql, given) == statements{
        R"(-- if org_unit has fk_org_unit_head_id: ALTER TABLE "org_unit" DROP CONSTRAINT "fk_org_unit_head_id")",
        R"(DROP TABLE IF EXISTS "org_member")",
        R"(DROP TABLE IF EXISTS "org_unit")",
    });

    CHECK(create_lines(backend_kind::mysql, given) == statements{
        "CREATE TABLE IF NOT EXISTS `org_unit` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`name` TEXT DEFAULT ('') NOT NULL, `head_id` BIGINT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "CREATE TABLE IF NOT EXISTS `org_member` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`name` TEXT DEFAULT ('') NOT NULL, `unit_id` BIGINT NOT NULL, "
        "CONSTRAINT `fk_org_member_unit_id` FOREIGN KEY (`unit_id`) REFERENCES `org_unit` (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "-- unless org_unit has fk_org_unit_head_id: "
        "ALTER TABLE `org_unit` ADD CONSTRAINT `fk_org_unit_head_id` FOREIGN KEY (`head_id`) "
        "REFERENCES `org_member` (`id`)",
    });
    CHECK(drop_lines(backend_kind::mysql, given) == statements{
        "-- if org_unit has fk_org_unit_head_id: ALTER TABLE `org_unit` DROP FOREIGN KEY `fk_org_unit_head_id`",
        "DROP TABLE IF EXISTS `org_member`",
        "DROP TABLE IF EXISTS `org_unit`",
    });
    // clang-format on
}

TEST_CASE("create_statements and drop_statements of a two-table cycle of required refs", "[dry][schema]") {
    const tables given{&table_of<CycleA>(), &table_of<CycleB>()};
    // clang-format off
    CHECK(create_lines(backend_kind::sqlite, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "cycle_b" ("id" INTEGER PRIMARY KEY, "a_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_cycle_b_a_id" FOREIGN KEY ("a_id") REFERENCES "cycle_a" ("id")))",
        R"(CREATE TABLE IF NOT EXISTS "cycle_a" ("id" INTEGER PRIMARY KEY, "b_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_cycle_a_b_id" FOREIGN KEY ("b_id") REFERENCES "cycle_b" ("id")))",
    });
    CHECK(drop_lines(backend_kind::sqlite, given) == statements{
        "-- in one transaction",
        "PRAGMA defer_foreign_keys = ON",
        R"(DROP TABLE IF EXISTS "cycle_a")",
        R"(DROP TABLE IF EXISTS "cycle_b")",
    });
    CHECK(create_lines(backend_kind::postgresql, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "cycle_b" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("a_id" BIGINT NOT NULL))",
        R"(CREATE TABLE IF NOT EXISTS "cycle_a" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("b_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_cycle_a_b_id" FOREIGN KEY ("b_id") REFERENCES "cycle_b" ("id")))",
        R"(-- unless cycle_b has fk_cycle_b_a_id: )"
        R"(ALTER TABLE "cycle_b" ADD CONSTRAINT "fk_cycle_b_a_id" FOREIGN KEY ("a_id") REFERENCES "cycle_a" ("id"))",
    });
    CHECK(drop_lines(backend_kind::postgresql, given) == statements{
        R"(-- if cycle_b has fk_cycle_b_a_id: ALTER TABLE "cycle_b" DROP CONSTRAINT "fk_cycle_b_a_id")",
        R"(DROP TABLE IF EXISTS "cycle_a")",
        R"(DROP TABLE IF EXISTS "cycle_b")",
    });
    CHECK(create_lines(backend_kind::mysql, given) == statements{
        "CREATE TABLE IF NOT EXISTS `cycle_b` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`a_id` BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "CREATE TABLE IF NOT EXISTS `cycle_a` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`b_id` BIGINT NOT NULL, CONSTRAINT `fk_cycle_a_b_id` FOREIGN KEY (`b_id`) REFERENCES `cycle_b` (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "-- unless cycle_b has fk_cycle_b_a_id: "
        "ALTER TABLE `cycle_b` ADD CONSTRAINT `fk_cycle_b_a_id` FOREIGN KEY (`a_id`) REFERENCES `cycle_a` (`id`)",
    });
    CHECK(drop_lines(backend_kind::mysql, given) == statements{
        "-- if cycle_b has fk_cycle_b_a_id: ALTER TABLE `cycle_b` DROP FOREIGN KEY `fk_cycle_b_a_id`",
        "DROP TABLE IF EXISTS `cycle_a`",
        "DROP TABLE IF EXISTS `cycle_b`",
    });
    // clang-format on
}

TEST_CASE("create_statements and drop_statements of a three-table cycle", "[dry][schema]") {
    // tri_a -> tri_b -> tri_c -> tri_a: created c, b, a; tri_c's key waits for tri_a.
    const tables given{&table_of<TriA>(), &table_of<TriB>(), &table_of<TriC>()};
    // clang-format off
    CHECK(create_lines(backend_kind::sqlite, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "tri_c" ("id" INTEGER PRIMARY KEY, "next_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_tri_c_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_a" ("id")))",
        R"(CREATE TABLE IF NOT EXISTS "tri_b" ("id" INTEGER PRIMARY KEY, "next_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_tri_b_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_c" ("id")))",
        R"(CREATE TABLE IF NOT EXISTS "tri_a" ("id" INTEGER PRIMARY KEY, "next_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_tri_a_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_b" ("id")))",
    });
    CHECK(drop_lines(backend_kind::sqlite, given) == statements{
        "-- in one transaction",
        "PRAGMA defer_foreign_keys = ON",
        R"(DROP TABLE IF EXISTS "tri_a")",
        R"(DROP TABLE IF EXISTS "tri_b")",
        R"(DROP TABLE IF EXISTS "tri_c")",
    });
    CHECK(create_lines(backend_kind::postgresql, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "tri_c" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("next_id" BIGINT NOT NULL))",
        R"(CREATE TABLE IF NOT EXISTS "tri_b" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("next_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_tri_b_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_c" ("id")))",
        R"(CREATE TABLE IF NOT EXISTS "tri_a" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("next_id" BIGINT NOT NULL, )"
        R"(CONSTRAINT "fk_tri_a_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_b" ("id")))",
        R"(-- unless tri_c has fk_tri_c_next_id: )"
        R"(ALTER TABLE "tri_c" ADD CONSTRAINT "fk_tri_c_next_id" FOREIGN KEY ("next_id") REFERENCES "tri_a" ("id"))",
    });
    CHECK(drop_lines(backend_kind::postgresql, given) == statements{
        R"(-- if tri_c has fk_tri_c_next_id: ALTER TABLE "tri_c" DROP CONSTRAINT "fk_tri_c_next_id")",
        R"(DROP TABLE IF EXISTS "tri_a")",
        R"(DROP TABLE IF EXISTS "tri_b")",
        R"(DROP TABLE IF EXISTS "tri_c")",
    });
    CHECK(create_lines(backend_kind::mysql, given) == statements{
        "CREATE TABLE IF NOT EXISTS `tri_c` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`next_id` BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "CREATE TABLE IF NOT EXISTS `tri_b` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`next_id` BIGINT NOT NULL, CONSTRAINT `fk_tri_b_next_id` FOREIGN KEY (`next_id`) REFERENCES `tri_c` (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "CREATE TABLE IF NOT EXISTS `tri_a` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`next_id` BIGINT NOT NULL, CONSTRAINT `fk_tri_a_next_id` FOREIGN KEY (`next_id`) REFERENCES `tri_b` (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        "-- unless tri_c has fk_tri_c_next_id: "
        "ALTER TABLE `tri_c` ADD CONSTRAINT `fk_tri_c_next_id` FOREIGN KEY (`next_id`) REFERENCES `tri_a` (`id`)",
    });
    CHECK(drop_lines(backend_kind::mysql, given) == statements{
        "-- if tri_c has fk_tri_c_next_id: ALTER TABLE `tri_c` DROP FOREIGN KEY `fk_tri_c_next_id`",
        "DROP TABLE IF EXISTS `tri_a`",
        "DROP TABLE IF EXISTS `tri_b`",
        "DROP TABLE IF EXISTS `tri_c`",
    });
    // clang-format on
}

TEST_CASE("create_statements and drop_statements of a self-reference: the key stays in CREATE TABLE",
          "[dry][schema]") {
    const tables given{&table_of<Employee>()};
    // clang-format off
    CHECK(create_lines(backend_kind::sqlite, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "employee" ("id" INTEGER PRIMARY KEY, "name" TEXT DEFAULT '' NOT NULL, )"
        R"("manager_id" BIGINT, )"
        R"(CONSTRAINT "fk_employee_manager_id" FOREIGN KEY ("manager_id") REFERENCES "employee" ("id")))",
    });
    CHECK(create_lines(backend_kind::postgresql, given) == statements{
        R"(CREATE TABLE IF NOT EXISTS "employee" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("name" TEXT DEFAULT '' NOT NULL, "manager_id" BIGINT, )"
        R"(CONSTRAINT "fk_employee_manager_id" FOREIGN KEY ("manager_id") REFERENCES "employee" ("id")))",
    });
    CHECK(create_lines(backend_kind::mysql, given) == statements{
        "CREATE TABLE IF NOT EXISTS `employee` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "`name` TEXT DEFAULT ('') NOT NULL, `manager_id` BIGINT, "
        "CONSTRAINT `fk_employee_manager_id` FOREIGN KEY (`manager_id`) REFERENCES `employee` (`id`)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    });
    // The rows of one table go in one DELETE: no transaction needed on SQLite.
    CHECK(drop_lines(backend_kind::sqlite, given) == statements{R"(DROP TABLE IF EXISTS "employee")"});
    CHECK(drop_lines(backend_kind::postgresql, given) == statements{R"(DROP TABLE IF EXISTS "employee")"});
    CHECK(drop_lines(backend_kind::mysql, given) == statements{"DROP TABLE IF EXISTS `employee`"});
    // clang-format on
}
