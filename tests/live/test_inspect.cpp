// db.inspect() on every backend: the tables create_all made come back with
// their columns (type, nullability, default, generated key), primary key,
// unique constraint, index and foreign keys (ON DELETE included) under the
// names create_all gave them; a table no model knows is reported with its
// columns and its CHECK constraint (none on SQLite, whose catalog has no
// checks).
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/live.hpp"

namespace orm = cormorant;

namespace inspectmodels {

struct InAuthor {
    std::int64_t id = 0;
    std::string name;
    std::string status = "draft";
    std::optional<orm::ref<InAuthor>> mentor;  // a self-reference
};

struct InBook {
    std::int64_t id = 0;
    bool flag = false;
    std::int16_t small = 0;
    std::int32_t medium = 0;
    std::int64_t large = 0;
    float f32 = 0;
    double f64 = 0;
    std::string title;
    orm::blob data;
    std::chrono::system_clock::time_point published{};
    std::chrono::year_month_day day{};
    std::optional<std::string> note;
    orm::ref<InAuthor> author;                 // required, ON DELETE CASCADE
    std::optional<orm::ref<InAuthor>> editor;  // optional
};

}  // namespace inspectmodels

template <>
struct cormorant::model_traits<inspectmodels::InBook> {
    static constexpr auto unique =
        cormorant::columns(&inspectmodels::InBook::title, &inspectmodels::InBook::medium);
    static constexpr auto indexes = cormorant::columns(&inspectmodels::InBook::large);
    static constexpr auto cascade_delete = cormorant::columns(&inspectmodels::InBook::author);
};

using namespace inspectmodels;

namespace {

using strings = std::vector<std::string>;

/// The live columns of `live` match the model's table column by column.
void check_columns(const orm::database& db, const orm::live_table& live, const orm::table_info& t) {
    REQUIRE(live.columns.size() == t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const orm::column_info& c = t.columns[i];
        const orm::live_column& l = live.columns[i];
        INFO(t.name << "." << c.name << ": " << l.type);
        CHECK(l.name == c.name);
        CHECK(!l.type.empty());
        const bool sqlite_text = db.backend() == orm::backend_kind::sqlite &&
                                 (c.type == orm::sql_type::timestamp || c.type == orm::sql_type::date);
        CHECK(l.kind == (sqlite_text ? orm::sql_type::text : c.type));
        CHECK(l.nullable == c.nullable);
        CHECK(l.generated == c.key);
        CHECK(l.default_sql.has_value() == db.dialect().default_literal(t, i).has_value());
    }
}

const orm::live_foreign_key* fk_of(const orm::live_table& t, const std::string& column) {
    for (const orm::live_foreign_key& fk : t.foreign_keys)
        if (fk.columns == strings{column}) return &fk;
    return nullptr;
}

}  // namespace

TEST_CASE("inspect reports the tables create_all made and a table no model knows", "[live][inspect]") {
    auto db = testlive::open_db();
    const orm::backend_kind backend = db.backend();
    {
        auto c = db.acquire();
        c->execute("DROP TABLE IF EXISTS in_unknown", {});
    }
    db.drop_all<InBook, InAuthor>();
    db.create_all<InAuthor, InBook>();
    {
        auto c = db.acquire();
        c->execute(
            "CREATE TABLE in_unknown (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL, qty INTEGER, "
            "CONSTRAINT ck_in_unknown_qty CHECK (qty > 0))",
            {});
    }

    const orm::live_schema s = db.inspect();
    for (const orm::live_table& t : s.tables) CHECK(t.name.rfind("sqlite_", 0) != 0);

    SECTION("the author table: a text default and a self-reference") {
        const orm::live_table* author = s.find("in_author");
        REQUIRE(author);
        check_columns(db, *author, orm::table_of<InAuthor>());
        CHECK(author->primary_key == strings{"id"});
        CHECK(author->uniques.empty());
        CHECK(author->indexes.empty());
        CHECK(author->checks.empty());
        const orm::live_column* status = author->find_column("status");
        REQUIRE(status);
        REQUIRE(status->default_sql);
        CHECK(*status->default_sql ==
              (backend == orm::backend_kind::postgresql ? "'draft'::text" : "'draft'"));
        REQUIRE(author->foreign_keys.size() == 1);
        const orm::live_foreign_key& mentor = author->foreign_keys[0];
        CHECK(mentor.columns == strings{"mentor_id"});
        CHECK(mentor.references == "in_author");
        CHECK(mentor.referenced_columns == strings{"id"});
        CHECK(mentor.on_delete == (backend == orm::backend_kind::mysql ? "restrict" : "no action"));
        CHECK(mentor.name == (backend == orm::backend_kind::sqlite ? "" : "fk_in_author_mentor_id"));
    }

    SECTION("the book table: every column type, a unique pair, an index and two foreign keys") {
        const orm::live_table* book = s.find("in_book");
        REQUIRE(book);
        check_columns(db, *book, orm::table_of<InBook>());
        CHECK(book->primary_key == strings{"id"});
        REQUIRE(book->uniques.size() == 1);
        CHECK(book->uniques[0].columns == strings{"title", "medium"});
        CHECK(book->uniques[0].unique);
        if (backend == orm::backend_kind::sqlite)
            CHECK(book->uniques[0].name == "sqlite_autoindex_in_book_1");
        else
            CHECK(book->uniques[0].name == "uq_in_book_title_medium");
        REQUIRE(book->indexes.size() == 1);
        CHECK(book->indexes[0].name == "ix_in_book_large");
        CHECK(book->indexes[0].columns == strings{"large"});
        CHECK_FALSE(book->indexes[0].unique);
        CHECK(book->checks.empty());

        REQUIRE(book->foreign_keys.size() == 2);
        const orm::live_foreign_key* author = fk_of(*book, "author_id");
        const orm::live_foreign_key* editor = fk_of(*book, "editor_id");
        REQUIRE(author);
        REQUIRE(editor);
        CHECK(author->references == "in_author");
        CHECK(author->referenced_columns == strings{"id"});
        CHECK(author->on_delete == "cascade");
        CHECK(editor->references == "in_author");
        CHECK(editor->on_delete == (backend == orm::backend_kind::mysql ? "restrict" : "no action"));
        if (backend != orm::backend_kind::sqlite) {
            CHECK(author->name == "fk_in_book_author_id");
            CHECK(editor->name == "fk_in_book_editor_id");
        } else {
            CHECK(author->name.empty());
        }
    }

    SECTION("a table no model knows is reported, with its check constraint") {
        const orm::live_table* unknown = s.find("in_unknown");
        REQUIRE(unknown);
        REQUIRE(unknown->columns.size() == 3);
        CHECK(unknown->columns[0].name == "id");
        CHECK(unknown->columns[0].generated == (backend == orm::backend_kind::sqlite));
        CHECK_FALSE(unknown->columns[0].nullable);
        CHECK(unknown->columns[1].name == "label");
        CHECK_FALSE(unknown->columns[1].nullable);
        CHECK_FALSE(unknown->columns[1].kind);  // VARCHAR(40) is no type cormorant creates
        CHECK(unknown->columns[2].name == "qty");
        CHECK(unknown->columns[2].nullable);
        CHECK_FALSE(unknown->columns[2].default_sql);
        CHECK(unknown->primary_key == strings{"id"});
        switch (backend) {
            case orm::backend_kind::sqlite:
                CHECK(unknown->columns[1].type == "varchar(40)");
                CHECK(unknown->checks.empty());
                break;
            case orm::backend_kind::postgresql:
                CHECK(unknown->columns[1].type == "character varying(40)");
                REQUIRE(unknown->checks.size() == 1);
                CHECK(unknown->checks[0].name == "ck_in_unknown_qty");
                CHECK(unknown->checks[0].expression == "(qty > 0)");
                break;
            case orm::backend_kind::mysql:
                CHECK(unknown->columns[1].type == "varchar(40)");
                REQUIRE(unknown->checks.size() == 1);
                CHECK(unknown->checks[0].name == "ck_in_unknown_qty");
                CHECK(unknown->checks[0].expression == "`qty` > 0");
                break;
        }
    }

    {
        auto c = db.acquire();
        c->execute("DROP TABLE IF EXISTS in_unknown", {});
    }
    db.drop_all<InBook, InAuthor>();
    CHECK_FALSE(db.inspect().find("in_book"));
}
