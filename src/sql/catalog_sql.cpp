// Catalog queries: what database::inspect() asks a live database about its
// tables. Each query binds the table's name as :p1 (the table list binds
// nothing) and returns the same columns on every database (sql.hpp names
// them), so that one reader assembles them; what differs is which catalog
// holds the answer, and each dialect's catalog_sql returns its own texts.
#include <string>

#include "cormorant/sql.hpp"
#include "sql/dialects.hpp"

namespace cormorant::detail {

std::string sqlite_catalog(catalog_query q) {
    const std::string p1 = sql::placeholder(1);
    switch (q) {
        case catalog_query::tables:
            return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' ESCAPE "
                   "'^'";
        case catalog_query::columns:
            // Only a table's single INTEGER PRIMARY KEY is the rowid.
            return "WITH t(name) AS (SELECT " + p1 +
                   ") SELECT c.name, c.type, CASE WHEN c.\"notnull\" = 0 AND c.pk = 0 THEN 1 ELSE 0 END, "
                   "c.dflt_value, CASE WHEN c.pk = 1 AND LOWER(c.type) = 'integer' "
                   "AND (SELECT MAX(k.pk) FROM pragma_table_info(t.name) k) = 1 THEN 1 ELSE 0 END "
                   "FROM t, pragma_table_info(t.name) c ORDER BY c.cid";
        case catalog_query::key_columns:
            // The pragmas take the name from a one-row CTE, so that :p1 is
            // bound once. SQLite keeps no names of the constraints declared in
            // CREATE TABLE: a unique constraint is named by the index SQLite
            // made for it, a primary key and a foreign key not at all.
            return "WITH t(name) AS (SELECT " + p1 +
                   ") "
                   "SELECT '', 'p', c.name, c.pk, NULL, NULL, NULL, 0 FROM t, pragma_table_info(t.name) c "
                   "WHERE c.pk > 0 "
                   "UNION ALL SELECT il.name, 'u', ii.name, ii.seqno + 1, NULL, NULL, NULL, 0 "
                   "FROM t, pragma_index_list(t.name) il, pragma_index_info(il.name) ii WHERE il.origin = "
                   "'u' "
                   "UNION ALL SELECT '', 'f', f.\"from\", f.seq + 1, f.\"table\", f.\"to\", "
                   "LOWER(f.on_delete), "
                   "f.id FROM t, pragma_foreign_key_list(t.name) f "
                   "ORDER BY 2, 1, 8, 4";
        case catalog_query::indexes:
            return "WITH t(name) AS (SELECT " + p1 +
                   ") SELECT il.name, il.\"unique\", ii.name, ii.seqno + 1 "
                   "FROM t, pragma_index_list(t.name) il, pragma_index_info(il.name) ii "
                   "WHERE il.origin = 'c' ORDER BY 1, 4";
        case catalog_query::checks:
            // CHECK constraints are only in the text of CREATE TABLE.
            break;
    }
    return {};
}

std::string postgresql_catalog(catalog_query q) {
    const std::string p1 = sql::placeholder(1);
    switch (q) {
        case catalog_query::tables:
            return "SELECT CAST(table_name AS TEXT) FROM information_schema.tables "
                   "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
        case catalog_query::columns:
            return "SELECT CAST(a.attname AS TEXT), format_type(a.atttypid, a.atttypmod), "
                   "CASE WHEN a.attnotnull THEN 0 ELSE 1 END, pg_get_expr(ad.adbin, ad.adrelid), "
                   "CASE WHEN a.attidentity <> '' OR pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%' "
                   "THEN 1 ELSE 0 END "
                   "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                   "JOIN pg_namespace ns ON ns.oid = c.relnamespace "
                   "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                   "WHERE ns.nspname = current_schema() AND c.relname = " +
                   p1 + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        case catalog_query::key_columns:
            return "SELECT CAST(con.conname AS TEXT), CAST(con.contype AS TEXT), CAST(a.attname AS TEXT), "
                   "k.n, "
                   "CAST(rc.relname AS TEXT), CAST(ra.attname AS TEXT), "
                   "CASE con.confdeltype WHEN 'c' THEN 'cascade' WHEN 'r' THEN 'restrict' WHEN 'n' THEN 'set "
                   "null' "
                   "WHEN 'd' THEN 'set default' WHEN 'a' THEN 'no action' END, 0 "
                   "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
                   "JOIN pg_namespace ns ON ns.oid = c.relnamespace "
                   "CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, n) "
                   "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                   "LEFT JOIN pg_class rc ON rc.oid = con.confrelid "
                   "LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid "
                   "AND ra.attnum = con.confkey[CAST(k.n AS INTEGER)] "
                   "WHERE ns.nspname = current_schema() AND c.relname = " +
                   p1 + " AND con.contype IN ('p', 'u', 'f') ORDER BY 2, 1, 4";
        case catalog_query::indexes:
            return "SELECT CAST(ic.relname AS TEXT), CASE WHEN ix.indisunique THEN 1 ELSE 0 END, "
                   "CAST(a.attname AS TEXT), k.n "
                   "FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid "
                   "JOIN pg_namespace ns ON ns.oid = c.relnamespace JOIN pg_class ic ON ic.oid = "
                   "ix.indexrelid "
                   "CROSS JOIN LATERAL unnest(CAST(ix.indkey AS SMALLINT[])) WITH ORDINALITY AS k(attnum, n) "
                   "JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum "
                   "WHERE ns.nspname = current_schema() AND c.relname = " +
                   p1 +
                   " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid "
                   "AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')) ORDER BY 1, 4";
        case catalog_query::checks:
            return "SELECT CAST(con.conname AS TEXT), pg_get_expr(con.conbin, con.conrelid) "
                   "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
                   "JOIN pg_namespace ns ON ns.oid = c.relnamespace "
                   "WHERE ns.nspname = current_schema() AND c.relname = " +
                   p1 + " AND con.contype = 'c' ORDER BY 1";
    }
    return {};
}

std::string mysql_catalog(catalog_query q) {
    const std::string p1 = sql::placeholder(1);
    switch (q) {
        case catalog_query::tables:
            return "SELECT TABLE_NAME FROM information_schema.TABLES "
                   "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
        case catalog_query::columns:
            return "SELECT COLUMN_NAME, COLUMN_TYPE, CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END, "
                   "COLUMN_DEFAULT, CASE WHEN EXTRA LIKE '%auto_increment%' THEN 1 ELSE 0 END "
                   "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " +
                   p1 + " ORDER BY ORDINAL_POSITION";
        case catalog_query::key_columns:
            return "SELECT k.CONSTRAINT_NAME, CASE tc.CONSTRAINT_TYPE WHEN 'PRIMARY KEY' THEN 'p' "
                   "WHEN 'UNIQUE' THEN 'u' ELSE 'f' END, k.COLUMN_NAME, k.ORDINAL_POSITION, "
                   "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, LOWER(rc.DELETE_RULE), 0 "
                   "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.TABLE_CONSTRAINTS tc "
                   "ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME "
                   "AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                   "LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc "
                   "ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME "
                   "AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                   "WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = " +
                   p1 +
                   " AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY 2, 1, 4";
        case catalog_query::indexes:
            // InnoDB's index for a foreign key carries the key's name and is
            // left out with the constraints' own.
            return "SELECT s.INDEX_NAME, CASE WHEN s.NON_UNIQUE = 0 THEN 1 ELSE 0 END, s.COLUMN_NAME, "
                   "s.SEQ_IN_INDEX FROM information_schema.STATISTICS s "
                   "WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = " +
                   p1 +
                   " AND s.INDEX_NAME <> 'PRIMARY' AND NOT EXISTS (SELECT 1 FROM "
                   "information_schema.TABLE_CONSTRAINTS tc WHERE tc.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA "
                   "AND tc.TABLE_NAME = s.TABLE_NAME AND tc.CONSTRAINT_NAME = s.INDEX_NAME) ORDER BY 1, 4";
        case catalog_query::checks:
            return "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                   "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = " +
                   p1 + " ORDER BY 1";
    }
    return {};
}

}  // namespace cormorant::detail

namespace cormorant::sql {

std::string catalog_tables(const dialect& d) {
    return d.catalog_sql(catalog_query::tables);
}
std::string catalog_columns(const dialect& d) {
    return d.catalog_sql(catalog_query::columns);
}
std::string catalog_key_columns(const dialect& d) {
    return d.catalog_sql(catalog_query::key_columns);
}
std::string catalog_indexes(const dialect& d) {
    return d.catalog_sql(catalog_query::indexes);
}
std::string catalog_checks(const dialect& d) {
    return d.catalog_sql(catalog_query::checks);
}

}  // namespace cormorant::sql
