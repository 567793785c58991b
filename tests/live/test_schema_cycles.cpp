// create_all and drop_all on tables whose foreign keys form a cycle, on every
// backend: the schema is created (twice, and after a partial schema) with
// every foreign key in force, rows that reference each other are written,
// changed and removed in one commit each, drop_all works while such rows
// exist, and a cycle of required refs is still refused by the flush before
// any SQL.
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/sql.hpp"
#include "support/live.hpp"
#include "support/sql_log.hpp"

namespace orm = cormorant;
using testlive::count_rows;
using testlive::sql_log;
using testlive::table_exists;

namespace schemacycles {

// An employee belongs to a department (required); a department's manager is
// one of its employees (optional).
struct ScDepartment;
struct ScEmployee {
    std::int64_t id = 0;
    std::string name;
    orm::ref<ScDepartment> department;
};
struct ScDepartment {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<ScEmployee>> manager;
};

// Three tables in a ring, closed by an optional ref: a -> b -> c -> a.
struct ScTriB;
struct ScTriC;
struct ScTriA {
    std::int64_t id = 0;
    std::string name;
    orm::ref<ScTriB> b;
};
struct ScTriB {
    std::int64_t id = 0;
    std::string name;
    orm::ref<ScTriC> c;
};
struct ScTriC {
    std::int64_t id = 0;
    std::string name;
    std::optional<orm::ref<ScTriA>> a;
};

// Two tables that reference each other through required refs only.
struct ScRight;
struct ScLeft {
    std::int64_t id = 0;
    std::string name;
    orm::ref<ScRight> right;
};
struct ScRight {
    std::int64_t id = 0;
    std::string name;
    orm::ref<ScLeft> left;
};

}  // namespace schemacycles

using namespace schemacycles;

namespace {

/// The number of constraints named `constraint` on `table`, by the catalog
/// query create_all asks (PostgreSQL and MySQL).
std::int64_t constraints_named(orm::database& db, const std::string& table, const std::string& constraint) {
    std::int64_t n = -1;
    const orm::value params[] = {orm::value{table}, orm::value{constraint}};
    const orm::sql_type types[] = {orm::sql_type::int64};
    db.acquire()->query(orm::sql::count_constraints(db.dialect()), params, types,
                        [&](std::span<orm::value> row) { n = row[0].as_int(); });
    return n;
}

/// The kind of integrity_error `write` throws, or nullopt when it throws none.
template <class F>
std::optional<orm::integrity_error::kind> integrity_kind(F&& write) {
    try {
        write();
    } catch (const orm::integrity_error& e) {
        return e.which();
    }
    return std::nullopt;
}

/// Every foreign key of the department/employee schema is in force: a row
/// that names a missing parent is refused, through either table.
void check_keys_in_force(orm::database& db) {
    CHECK(integrity_kind([&] {
              ScDepartment d{.name = "ghost", .manager = orm::ref<ScEmployee>{std::int64_t{999999}}};
              db.insert(d);
          }) == orm::integrity_error::kind::foreign_key);
    CHECK(integrity_kind([&] {
              ScEmployee e{.name = "ghost", .department = orm::ref<ScDepartment>{std::int64_t{999999}}};
              db.insert(e);
          }) == orm::integrity_error::kind::foreign_key);
    CHECK(count_rows(db, "sc_department") == 0);
    CHECK(count_rows(db, "sc_employee") == 0);
    // The key that closes the cycle is declared once, under its usual name.
    if (db.dialect().alter_table_foreign_keys())
        CHECK(constraints_named(db, "sc_department", "fk_sc_department_manager_id") == 1);
}

struct company {
    std::int64_t sales = 0, ann = 0, bob = 0;
};

/// A department managed by one of its two employees, written in one commit.
company fill_company(orm::database& db) {
    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto sales = s.add(ScDepartment{.name = "Sales"});
    auto ann = s.add(ScEmployee{.name = "Ann", .department = sales});
    auto bob = s.add(ScEmployee{.name = "Bob", .department = sales});
    sales->manager = orm::ref<ScEmployee>(ann);
    s.commit();
    // The department first with no manager, its employees, then the manager set.
    const auto w = log.writes();
    REQUIRE(w.size() == 3);
    CHECK(w[0].rfind("INSERT INTO " + db.dialect().quote("sc_department"), 0) == 0);
    CHECK(w[1].rfind("INSERT INTO " + db.dialect().quote("sc_employee"), 0) == 0);
    CHECK(w[2].rfind("UPDATE " + db.dialect().quote("sc_department"), 0) == 0);
    const company out{sales->id, ann->id, bob->id};
    sales->manager.reset();  // the handles of a cycle keep each other alive until one is cleared
    return out;
}

}  // namespace

TEST_CASE("tables that reference each other are created, filled with a cycle, changed and dropped",
          "[live][schema]") {
    auto db = testlive::open_db();
    db.drop_all<ScEmployee, ScDepartment>();
    db.drop_all<ScEmployee, ScDepartment>();  // on nothing
    CHECK_FALSE(table_exists(db, "sc_department"));
    CHECK_FALSE(table_exists(db, "sc_employee"));
    db.create_all<ScEmployee, ScDepartment>();
    db.create_all<ScEmployee, ScDepartment>();  // tables and keys that exist are left alone
    db.create_all<ScDepartment, ScEmployee>();  // given the other way round: the same schema
    CHECK(table_exists(db, "sc_department"));
    CHECK(table_exists(db, "sc_employee"));
    check_keys_in_force(db);

    const company c = fill_company(db);

    // Read back through a session of its own.
    {
        orm::session s{db};
        auto sales = s.get<ScDepartment>(c.sales);
        REQUIRE(sales);
        CHECK(sales->name == "Sales");
        REQUIRE(sales->manager);
        CHECK(sales->manager->key() == c.ann);
        auto ann = s.get<ScEmployee>(c.ann);
        auto bob = s.get<ScEmployee>(c.bob);
        REQUIRE(ann);
        REQUIRE(bob);
        CHECK(ann->department.key() == c.sales);
        CHECK(bob->department.key() == c.sales);
        CHECK(count_rows(db, "sc_department") == 1);
        CHECK(count_rows(db, "sc_employee") == 2);

        // A new manager.
        sales->manager = orm::ref<ScEmployee>(bob);
        s.commit();
    }
    {
        const auto sales = db.find<ScDepartment>(c.sales);
        REQUIRE(sales);
        REQUIRE(sales->manager);
        CHECK(sales->manager->key() == c.bob);
    }

    // The department, its manager and the other employee removed in one commit.
    {
        orm::session s{db};
        auto sales = s.get<ScDepartment>(c.sales);
        auto ann = s.get<ScEmployee>(c.ann);
        auto bob = s.get<ScEmployee>(c.bob);
        s.remove(sales);
        s.remove(ann);
        s.remove(bob);
        s.commit();
        CHECK(s.state_of(sales) == orm::object_state::detached);
    }
    CHECK(count_rows(db, "sc_department") == 0);
    CHECK(count_rows(db, "sc_employee") == 0);

    // drop_all while rows reference each other across the tables.
    const company again = fill_company(db);
    CHECK(db.find<ScDepartment>(again.sales)->manager->key() == again.ann);
    db.drop_all<ScEmployee, ScDepartment>();
    CHECK_FALSE(table_exists(db, "sc_department"));
    CHECK_FALSE(table_exists(db, "sc_employee"));
    db.drop_all<ScEmployee, ScDepartment>();

    db.create_all<ScEmployee, ScDepartment>();
    CHECK(count_rows(db, "sc_department") == 0);
    CHECK(count_rows(db, "sc_employee") == 0);
    check_keys_in_force(db);
    fill_company(db);
    CHECK(count_rows(db, "sc_employee") == 2);
}

TEST_CASE("create_all completes a schema that a create_all cut short left behind", "[live][schema]") {
    auto db = testlive::open_db();
    db.drop_all<ScEmployee, ScDepartment>();
    db.create_all<ScEmployee, ScDepartment>();

    // What stays after the first CREATE TABLE: sc_department alone, without
    // the key that waits for sc_employee.
    const orm::dialect& d = db.dialect();
    const orm::table_info& department = orm::table_of<ScDepartment>();
    const std::size_t manager_id =
        static_cast<std::size_t>(department.find_column("manager_id") - department.columns.data());
    {
        auto c = db.acquire();
        if (d.alter_table_foreign_keys())
            c->execute(orm::sql::drop_foreign_key(d, department, manager_id), {});
        c->execute(orm::sql::drop_table(d, orm::table_of<ScEmployee>()), {});
    }
    REQUIRE(table_exists(db, "sc_department"));
    REQUIRE_FALSE(table_exists(db, "sc_employee"));
    if (d.alter_table_foreign_keys())
        REQUIRE(constraints_named(db, "sc_department", "fk_sc_department_manager_id") == 0);

    db.create_all<ScEmployee, ScDepartment>();
    CHECK(table_exists(db, "sc_employee"));
    check_keys_in_force(db);
    const company c = fill_company(db);
    CHECK(db.find<ScEmployee>(c.bob)->department.key() == c.sales);
    db.drop_all<ScEmployee, ScDepartment>();
    CHECK_FALSE(table_exists(db, "sc_department"));
}

TEST_CASE("three tables in a ring are created, filled with a cycle in one commit and dropped",
          "[live][schema]") {
    auto db = testlive::open_db();
    db.drop_all<ScTriA, ScTriB, ScTriC>();
    db.create_all<ScTriA, ScTriB, ScTriC>();
    db.create_all<ScTriC, ScTriB, ScTriA>();
    if (db.dialect().alter_table_foreign_keys())
        CHECK(constraints_named(db, "sc_tri_c", "fk_sc_tri_c_a_id") == 1);

    std::int64_t a_id = 0, b_id = 0, c_id = 0;
    {
        orm::session s{db};
        sql_log log;
        log.attach(s);
        auto c = s.add(ScTriC{.name = "c"});
        auto b = s.add(ScTriB{.name = "b", .c = c});
        auto a = s.add(ScTriA{.name = "a", .b = b});
        c->a = orm::ref<ScTriA>(a);
        s.commit();
        CHECK(log.count_starting("COMMIT") == 1);
        a_id = a->id;
        b_id = b->id;
        c_id = c->id;
        c->a.reset();
    }
    {
        orm::session s{db};
        auto a = s.get<ScTriA>(a_id);
        auto b = s.get<ScTriB>(b_id);
        auto c = s.get<ScTriC>(c_id);
        REQUIRE(a);
        REQUIRE(b);
        REQUIRE(c);
        CHECK(a->b.key() == b_id);
        CHECK(b->c.key() == c_id);
        REQUIRE(c->a);
        CHECK(c->a->key() == a_id);
    }
    // The key that closes the ring is in force.
    CHECK(integrity_kind([&] {
              ScTriC ghost{.name = "ghost", .a = orm::ref<ScTriA>{std::int64_t{999999}}};
              db.insert(ghost);
          }) == orm::integrity_error::kind::foreign_key);

    db.drop_all<ScTriA, ScTriB, ScTriC>();
    CHECK_FALSE(table_exists(db, "sc_tri_a"));
    CHECK_FALSE(table_exists(db, "sc_tri_b"));
    CHECK_FALSE(table_exists(db, "sc_tri_c"));
}

TEST_CASE(
    "tables that reference each other through required refs only: created, but rows in a cycle are "
    "refused before any SQL",
    "[live][schema]") {
    auto db = testlive::open_db();
    db.drop_all<ScLeft, ScRight>();
    db.create_all<ScLeft, ScRight>();
    db.create_all<ScLeft, ScRight>();
    CHECK(table_exists(db, "sc_left"));
    CHECK(table_exists(db, "sc_right"));

    orm::session s{db};
    sql_log log;
    log.attach(s);
    auto left = s.add(ScLeft{.name = "l"});
    auto right = s.add(ScRight{.name = "r", .left = left});
    left->right = right;
    const auto before = s.stats().statements;
    try {
        s.commit();
        FAIL("a cycle of required refs cannot be inserted");
    } catch (const orm::flush_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains("required refs only"));
    }
    CHECK(log.statements.empty());
    CHECK(s.stats().statements == before);
    CHECK(s.state_of(left) == orm::object_state::pending);
    CHECK(s.state_of(right) == orm::object_state::pending);
    CHECK(count_rows(db, "sc_left") == 0);
    CHECK(count_rows(db, "sc_right") == 0);
    left->right = orm::ref<ScRight>();  // the refs keep each other alive until one is cleared
    s.expunge_all();

    db.drop_all<ScLeft, ScRight>();
    CHECK_FALSE(table_exists(db, "sc_left"));
    CHECK_FALSE(table_exists(db, "sc_right"));
}
