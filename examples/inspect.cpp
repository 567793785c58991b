// inspect: what docs/inspect.md shows, checked. Creates two models' tables
// and one by hand, reads the live schema back and fails when it does not
// say what the guide claims. Runs on DATABASE_URL, else on an in-memory
// SQLite database.
#include <string>
#include <vector>

#include "example_check.hpp"

using example::check;

//! [models]
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace orm = cormorant;

struct Poet {
    std::int64_t id = 0;
    std::string name;
    std::string status = "draft";  // DEFAULT 'draft'
};

struct Poem {
    std::int64_t id = 0;
    orm::ref<Poet> poet;  // fk_poem_poet_id, ON DELETE CASCADE below
    std::string title;
    std::optional<std::string> note;
};

template <>
struct cormorant::model_traits<Poem> {
    static constexpr auto cascade_delete = cormorant::columns(&Poem::poet);
    static constexpr auto indexes = cormorant::columns(&Poem::title);
};
//! [models]

int main() {
    return example::run("inspect", [](orm::database& db) {
        db.drop_all<Poem, Poet>();
        db.acquire()->execute("DROP TABLE IF EXISTS legacy_log", {});
        db.create_all<Poet, Poem>();
        db.acquire()->execute("CREATE TABLE legacy_log (id INTEGER PRIMARY KEY, line TEXT)", {});

        //! [inspect]
        const orm::live_schema live = db.inspect();
        const orm::live_table* poem = live.find("poem");  // nullptr when there is none
        const orm::live_column* note = poem->find_column("note");
        // note->type == "text", note->kind == orm::sql_type::text, note->nullable
        const orm::live_foreign_key& fk = poem->foreign_keys.at(0);
        // fk.columns == {"poet_id"}, fk.references == "poet", fk.on_delete == "cascade"
        const orm::live_table* legacy = live.find("legacy_log");  // no model knows it: reported all the same
        //! [inspect]

        check(poem && note, "the poem table and its note column are reported");
        check(note->type == "text" && note->kind == orm::sql_type::text && note->nullable,
              "note is nullable text");
        check(poem->primary_key == std::vector<std::string>{"id"}, "the key is id");
        check(poem->columns.front().generated, "the key is generated");
        check(fk.columns == std::vector<std::string>{"poet_id"} && fk.references == "poet" &&
                  fk.on_delete == "cascade",
              "the foreign key cascades");
        check(poem->indexes.size() == 1 && poem->indexes[0].name == "ix_poem_title", "the index is named");
        check(legacy && legacy->columns.size() == 2, "the table no model knows is reported");
        const orm::live_column* status = live.find("poet")->find_column("status");
        check(status && status->default_sql.has_value(), "status has a default");

        db.acquire()->execute("DROP TABLE IF EXISTS legacy_log", {});
        db.drop_all<Poem, Poet>();
    });
}
