// The sqlite3 C API by hand, in its two fast forms: one prepared statement
// stepped per row, and multi-row VALUES of batch_rows rows a statement.
#include <sqlite3.h>

#include <map>
#include <stdexcept>

#include "raw_line.hpp"
#include "sql_text.hpp"

namespace bench {

namespace {

const sql_text::placeholder question = [](std::size_t) { return std::string("?"); };

class statement {
public:
    statement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr) != SQLITE_OK)
            fail("prepare");
    }
    ~statement() { sqlite3_finalize(s_); }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    sqlite3_stmt* get() const { return s_; }
    /// Steps once: true while a row is there.
    bool step() {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail("step");
        return false;
    }
    void reset() { sqlite3_reset(s_); }

    void bind(int n, std::int64_t v) { sqlite3_bind_int64(s_, n, v); }
    void bind(int n, double v) { sqlite3_bind_double(s_, n, v); }
    void bind(int n, const std::string& v) {
        sqlite3_bind_text(s_, n, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }
    template <class T>
    void bind(int n, const std::optional<T>& v) {
        if (v)
            bind(n, *v);
        else
            sqlite3_bind_null(s_, n);
    }
    void bind(int n, const std::optional<int>& v) {
        if (v)
            bind(n, std::int64_t{*v});
        else
            sqlite3_bind_null(s_, n);
    }

    /// Binds an author's columns from placeholder `n` on; returns the next one.
    int bind_author(int n, const Author& a) {
        bind(n, a.name);
        bind(n + 1, a.email);
        bind(n + 2, a.born);
        bind(n + 3, a.rating);
        bind(n + 4, std::int64_t{a.active});
        return n + 5;
    }
    int bind_book(int n, const Book& b) {
        bind(n, b.author.target()->id);
        bind(n + 1, b.title);
        bind(n + 2, std::int64_t{b.pages});
        bind(n + 3, b.price);
        bind(n + 4, b.isbn);
        return n + 5;
    }
    Author read_author() const {
        Author a;
        a.id = sqlite3_column_int64(s_, 0);
        a.name = text(1);
        a.email = text(2);
        if (sqlite3_column_type(s_, 3) != SQLITE_NULL) a.born = sqlite3_column_int(s_, 3);
        a.rating = sqlite3_column_double(s_, 4);
        a.active = sqlite3_column_int(s_, 5) != 0;
        return a;
    }

private:
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
    }
    [[noreturn]] void fail(const char* what) const {
        throw std::runtime_error(std::string("sqlite3 ") + what + ": " + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

class sqlite_line final : public raw_line {
public:
    sqlite_line(std::string path, bool multi) : path_(std::move(path)), multi_(multi) {}

    std::string system() const override { return multi_ ? "sqlite3 multi-row" : "sqlite3 per-row"; }
    bool raw_driver() const override { return true; }
    bool runs(workload w) const override {
        // Reads have one form; the per-row line shows it.
        return raw_line::runs(w) && (!multi_ || (w != workload::load && w != workload::get));
    }

    ~sqlite_line() override { sqlite3_close(db_); }

private:
    void connect() override {
        if (db_) return;
        if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path_);
        // The settings cormorant's SQLite connections use.
        exec("PRAGMA busy_timeout = 5000");
        exec("PRAGMA foreign_keys = ON");
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
    }
    void exec(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite3: ") + sqlite3_errmsg(db_));
    }
    void begin() override { exec("BEGIN"); }
    void commit() override { exec("COMMIT"); }

    void insert_authors(std::span<Author* const> authors) override {
        if (!multi_) {
            statement s(db_, sql_text::insert_authors(1, question, false));
            for (Author* a : authors) {
                s.bind_author(1, *a);
                s.step();
                s.reset();
                a->id = sqlite3_last_insert_rowid(db_);
            }
            return;
        }
        batched(
            authors.size(), [&](std::size_t rows) { return sql_text::insert_authors(rows, question); },
            [&](statement& s, std::size_t first, std::size_t rows) {
                for (std::size_t r = 0, n = 1; r < rows; ++r)
                    n = s.bind_author(static_cast<int>(n), *authors[first + r]);
                for (std::size_t r = 0; s.step(); ++r)
                    authors[first + r]->id = sqlite3_column_int64(s.get(), 0);
            });
    }

    void insert_books(std::vector<Book>& books) override {
        if (!multi_) {
            statement s(db_, sql_text::insert_books(1, question, false));
            for (Book& b : books) {
                s.bind_book(1, b);
                s.step();
                s.reset();
                b.id = sqlite3_last_insert_rowid(db_);
            }
            return;
        }
        batched(
            books.size(), [&](std::size_t rows) { return sql_text::insert_books(rows, question); },
            [&](statement& s, std::size_t first, std::size_t rows) {
                for (std::size_t r = 0, n = 1; r < rows; ++r)
                    n = s.bind_book(static_cast<int>(n), books[first + r]);
                for (std::size_t r = 0; s.step(); ++r) books[first + r].id = sqlite3_column_int64(s.get(), 0);
            });
    }

    void update_ratings(const std::vector<const Author*>& changed) override {
        if (!multi_) {
            statement s(db_, sql_text::update_rating(question));
            for (const Author* a : changed) {
                s.bind(1, a->rating);
                s.bind(2, a->id);
                s.step();
                s.reset();
            }
            return;
        }
        batched(
            changed.size(),
            // CASE over the rowid lookups of IN (SQLite joins a VALUES list by
            // scanning the table); slower than per-row all the same.
            [&](std::size_t rows) { return sql_text::update_ratings_case(rows, question); },
            [&](statement& s, std::size_t first, std::size_t rows) {
                for (std::size_t r = 0; r < rows; ++r) {
                    s.bind(static_cast<int>(2 * r + 1), changed[first + r]->id);
                    s.bind(static_cast<int>(2 * r + 2), changed[first + r]->rating);
                    s.bind(static_cast<int>(2 * rows + r + 1), changed[first + r]->id);
                }
                s.step();
            });
    }

    void delete_authors(const std::vector<std::int64_t>& ids) override {
        if (!multi_) {
            statement s(db_, sql_text::delete_author(question));
            for (std::int64_t id : ids) {
                s.bind(1, id);
                s.step();
                s.reset();
            }
            return;
        }
        batched(
            ids.size(), [&](std::size_t rows) { return sql_text::delete_authors(rows, question); },
            [&](statement& s, std::size_t first, std::size_t rows) {
                for (std::size_t r = 0; r < rows; ++r) s.bind(static_cast<int>(r + 1), ids[first + r]);
                s.step();
            });
    }

    // Runs `write(stmt, first, rows)` over batches, each statement prepared
    // once per batch size (the full one, and the last, shorter one).
    template <class Sql, class Write>
    void batched(std::size_t n, Sql&& sql, Write&& write) {
        std::map<std::size_t, statement> prepared;
        in_batches(n, [&](std::size_t first, std::size_t rows) {
            auto it = prepared.find(rows);
            if (it == prepared.end()) it = prepared.try_emplace(rows, db_, sql(rows)).first;
            statement& s = it->second;
            write(s, first, rows);
            s.reset();
        });
    }

    std::vector<Author> load_all() override {
        std::vector<Author> out;
        statement s(db_, sql_text::select_authors);
        while (s.step()) out.push_back(s.read_author());
        return out;
    }

    finder make_finder() override {
        auto s = std::make_shared<statement>(db_, sql_text::select_author("?"));
        return [s](std::int64_t key) {
            std::optional<Author> out;
            s->bind(1, key);
            if (s->step()) out = s->read_author();
            s->reset();
            return out;
        };
    }

    std::string path_;
    bool multi_;
    sqlite3* db_ = nullptr;
};

}  // namespace

std::vector<std::unique_ptr<line>> sqlite_lines(const std::string& path) {
    std::vector<std::unique_ptr<line>> out;
    out.push_back(std::make_unique<sqlite_line>(path, false));
    out.push_back(std::make_unique<sqlite_line>(path, true));
    return out;
}

}  // namespace bench
