#pragma once
/// \file inspect.hpp
/// A live database's schema as the database reports it, in the terms of the
/// models' metadata (metadata.hpp): what database::inspect() returns.
///
///     const cormorant::live_schema s = db.inspect();
///     if (const cormorant::live_table* t = s.find("book"))
///         for (const cormorant::live_column& c : t->columns)
///             std::cout << c.name << ' ' << c.type << (c.nullable ? " null" : " not null") << '\n';
///
/// Names, types and defaults are the database's own text; see docs/inspect.md
/// for what each database reports.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cormorant/value.hpp"

namespace cormorant {

/// One column of a live table.
struct live_column {
    std::string name;
    /// The type as the database reports it, lower-cased ("bigint",
    /// "timestamp(6) without time zone", "varchar(255)").
    std::string type;
    /// The sql_type whose DDL the dialect writes as `type`, or nullopt for a
    /// type cormorant does not create. SQLite's TEXT reads as text even
    /// where the model's column is a timestamp or a date.
    std::optional<sql_type> kind;
    bool nullable = true;
    /// The DEFAULT expression's text as the database reports it ("'draft'::text",
    /// "'draft'", "0"); nullopt when the column has none.
    std::optional<std::string> default_sql;
    /// The database generates the value: an identity or serial column
    /// (PostgreSQL), AUTO_INCREMENT (MySQL), SQLite's INTEGER PRIMARY KEY.
    bool generated = false;
};

/// A unique constraint or an index over columns, in key order.
struct live_index {
    std::string name;
    std::vector<std::string> columns;
    bool unique = false;  ///< for an index: a CREATE UNIQUE INDEX
};

/// A foreign key.
struct live_foreign_key {
    std::string name;  ///< empty on SQLite, which keeps no names of foreign keys
    std::vector<std::string> columns;
    std::string references;  ///< the referenced table
    std::vector<std::string> referenced_columns;
    /// "cascade", "restrict", "set null", "set default" or "no action".
    std::string on_delete;
};

/// A CHECK constraint.
struct live_check {
    std::string name;
    std::string expression;  ///< the condition's text as the database prints it
};

/// One table of a live database.
struct live_table {
    std::string name;
    std::vector<live_column> columns;  ///< in the table's column order
    std::vector<std::string> primary_key;
    std::vector<live_index> uniques;  ///< unique constraints, by name
    std::vector<live_index> indexes;  ///< indexes that back no constraint, by name
    std::vector<live_foreign_key> foreign_keys;
    std::vector<live_check> checks;  ///< by name; always empty on SQLite

    /// The column named `name`, or nullptr.
    const live_column* find_column(std::string_view column) const {
        auto it = std::find_if(columns.begin(), columns.end(),
                               [&](const live_column& c) { return c.name == column; });
        return it == columns.end() ? nullptr : &*it;
    }
};

/// The tables of the current schema (PostgreSQL's current_schema(), MySQL's
/// DATABASE(), SQLite's main database), by name, without the database's own.
struct live_schema {
    std::vector<live_table> tables;

    /// The table named `name`, or nullptr.
    const live_table* find(std::string_view name) const {
        auto it =
            std::find_if(tables.begin(), tables.end(), [&](const live_table& t) { return t.name == name; });
        return it == tables.end() ? nullptr : &*it;
    }
};

}  // namespace cormorant
