// SOCI by hand, as a careful user writes it: one transaction, statements
// prepared once, multi-row VALUES for writes. Values are bound one variable
// per placeholder, never as vectors: a vector-bound statement re-executed on
// PostgreSQL or MySQL re-sends its first batch, and bulk reads of INTEGER
// columns on SQLite are cut to 32 bits.
#include <soci/soci.h>

#include <map>
#include <stdexcept>

#include "raw_line.hpp"
#include "sql_text.hpp"

namespace bench {

namespace {

using cormorant::backend_kind;

const sql_text::placeholder colon = [](std::size_t n) { return ":p" + std::to_string(n); };
// SOCI passes SQLite's SQL through as it is, and SQLite prepares n named
// parameters in O(n^2) time: anonymous `?`, bound by position, is the fast form.
const sql_text::placeholder question = [](std::size_t) { return std::string("?"); };

std::string connect_string(const cormorant::config& cfg) {
    const std::string port = cfg.port ? " port=" + std::to_string(*cfg.port) : "";
    switch (cfg.backend) {
        case backend_kind::sqlite:
            return "sqlite3://db=" + cfg.database + " timeout=5";
        case backend_kind::postgresql:
            return "postgresql://host=" + cfg.host + port + " dbname=" + cfg.database + " user=" + cfg.user +
                   " password=" + cfg.password;
        case backend_kind::mysql:
            return "mysql://host=" + cfg.host + port + " db=" + cfg.database + " user=" + cfg.user +
                   " password=" + cfg.password + " charset=utf8mb4";
    }
    return {};
}

// One row's bound variables, per statement kind.
struct author_slot {
    std::string name, email;
    int born = 0;
    soci::indicator born_ind = soci::i_ok;
    double rating = 0;
    int active = 0;
    void set(const Author& a) {
        name = a.name;
        email = a.email;
        born = a.born.value_or(0);
        born_ind = a.born ? soci::i_ok : soci::i_null;
        rating = a.rating;
        active = a.active;
    }
    void bind(soci::statement& st) {
        st.exchange(soci::use(name));
        st.exchange(soci::use(email));
        st.exchange(soci::use(born, born_ind));
        st.exchange(soci::use(rating));
        st.exchange(soci::use(active));
    }
};

struct book_slot {
    long long author_id = 0;
    std::string title;
    int pages = 0;
    double price = 0;
    std::string isbn;
    soci::indicator isbn_ind = soci::i_ok;
    void set(const Book& b) {
        author_id = b.author.target()->id;
        title = b.title;
        pages = b.pages;
        price = b.price;
        isbn = b.isbn.value_or("");
        isbn_ind = b.isbn ? soci::i_ok : soci::i_null;
    }
    void bind(soci::statement& st) {
        st.exchange(soci::use(author_id));
        st.exchange(soci::use(title));
        st.exchange(soci::use(pages));
        st.exchange(soci::use(price));
        st.exchange(soci::use(isbn, isbn_ind));
    }
};

struct rating_slot {
    long long id = 0;
    double rating = 0;
};

/// A statement for `rows` rows, its variables bound once, executed per batch.
template <class Slot>
struct batch_statement {
    std::vector<Slot> slots;
    long long key = 0;  // RETURNING id, read one row at a time
    soci::statement st;

    template <class Bind>
    batch_statement(soci::session& s, std::size_t rows, const std::string& sql, bool returning, Bind&& bind)
        : slots(rows), st(s) {
        bind(st, slots);
        if (returning) st.exchange(soci::into(key));
        st.alloc();
        st.prepare(sql);
        st.define_and_bind();
    }
};

/// Runs batches of `n` rows: fill(slots, first) sets the variables, and
/// with `returning` got_key(first + r, key) takes the key of row r.
template <class Slot, class Sql, class Bind, class Fill, class GotKey>
void write_batches(soci::session& s, std::size_t n, bool returning, Sql&& sql, Bind&& bind, Fill&& fill,
                   GotKey&& got_key) {
    std::map<std::size_t, std::unique_ptr<batch_statement<Slot>>> prepared;
    in_batches(n, [&](std::size_t first, std::size_t rows) {
        auto& b = prepared[rows];
        if (!b) b = std::make_unique<batch_statement<Slot>>(s, rows, sql(rows), returning, bind);
        fill(b->slots, first);
        bool got = b->st.execute(true);
        for (std::size_t r = 0; returning && got; ++r) {
            got_key(first + r, b->key);
            got = b->st.fetch();
        }
    });
}

template <class Slot>
void bind_all(soci::statement& st, std::vector<Slot>& slots) {
    for (Slot& s : slots) s.bind(st);
}

/// An author's columns as read into single variables.
struct author_reader {
    long long id = 0;
    std::string name, email, active;
    int born = 0;
    soci::indicator born_ind = soci::i_ok;
    double rating = 0;
    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(name));
        st.exchange(soci::into(email));
        st.exchange(soci::into(born, born_ind));
        st.exchange(soci::into(rating));
        st.exchange(soci::into(active));  // text: "t" on PostgreSQL, "1" elsewhere
    }
    Author get() const {
        Author a;
        a.id = id;
        a.name = name;
        a.email = email;
        if (born_ind == soci::i_ok) a.born = born;
        a.rating = rating;
        a.active = !active.empty() && (active[0] == 't' || active[0] == '1');
        return a;
    }
};

class soci_by_hand final : public raw_line {
public:
    explicit soci_by_hand(cormorant::config cfg) : cfg_(std::move(cfg)) {}

    std::string system() const override { return "soci"; }

    void populate(std::vector<Author>& authors) {
        connect();
        std::vector<Author*> ptrs;
        for (Author& a : authors) ptrs.push_back(&a);
        begin();
        insert_authors(ptrs);
        commit();
    }

private:
    void connect() override {
        if (sql_.is_connected()) return;
        sql_.open(connect_string(cfg_));
        if (cfg_.backend == backend_kind::sqlite) {
            // The settings cormorant's SQLite connections use.
            sql_ << "PRAGMA busy_timeout = 5000";
            sql_ << "PRAGMA foreign_keys = ON";
            std::string mode;
            sql_ << "PRAGMA journal_mode = WAL", soci::into(mode);
            sql_ << "PRAGMA synchronous = NORMAL";
        }
    }
    const sql_text::placeholder& ph() const {
        return cfg_.backend == backend_kind::sqlite ? question : colon;
    }

    void begin() override { sql_.begin(); }
    void commit() override { sql_.commit(); }

    void insert_authors(std::span<Author* const> authors) override {
        write_batches<author_slot>(
            sql_, authors.size(), true,
            [&](std::size_t rows) { return sql_text::insert_authors(rows, ph()); }, bind_all<author_slot>,
            [&](std::vector<author_slot>& slots, std::size_t first) {
                for (std::size_t r = 0; r < slots.size(); ++r) slots[r].set(*authors[first + r]);
            },
            [&](std::size_t i, long long key) { authors[i]->id = key; });
    }

    void insert_books(std::vector<Book>& books) override {
        write_batches<book_slot>(
            sql_, books.size(), true, [&](std::size_t rows) { return sql_text::insert_books(rows, ph()); },
            bind_all<book_slot>,
            [&](std::vector<book_slot>& slots, std::size_t first) {
                for (std::size_t r = 0; r < slots.size(); ++r) slots[r].set(books[first + r]);
            },
            [&](std::size_t i, long long key) { books[i].id = key; });
    }

    void delete_authors(const std::vector<std::int64_t>& ids) override {
        write_batches<long long>(
            sql_, ids.size(), false, [&](std::size_t rows) { return sql_text::delete_authors(rows, ph()); },
            [](soci::statement& st, std::vector<long long>& slots) {
                for (long long& id : slots) st.exchange(soci::use(id));
            },
            [&](std::vector<long long>& slots, std::size_t first) {
                std::copy_n(ids.begin() + static_cast<std::ptrdiff_t>(first), slots.size(), slots.begin());
            },
            [](std::size_t, long long) {});
    }

    void update_ratings(const std::vector<const Author*>& changed) override {
        if (cfg_.backend == backend_kind::sqlite) {
            // No round trips to save, and no fast multi-row UPDATE: CASE is
            // linear in the batch for every row, a VALUES list is joined by
            // scanning the table. One prepared statement per row is fastest.
            rating_slot row;
            soci::statement st =
                (sql_.prepare << sql_text::update_rating(question), soci::use(row.rating), soci::use(row.id));
            for (const Author* a : changed) {
                row = {a->id, a->rating};
                st.execute(true);
            }
            return;
        }
        // A VALUES list joined on PostgreSQL; CASE on MySQL (no UPDATE ... FROM).
        const bool use_case = cfg_.backend == backend_kind::mysql;
        const auto sql = [&](std::size_t rows) {
            return use_case
                       ? sql_text::update_ratings_case(rows, colon)
                       : sql_text::update_ratings_from_values(rows, colon, {"BIGINT", "DOUBLE PRECISION"});
        };
        write_batches<rating_slot>(
            sql_, changed.size(), false, sql,
            [&](soci::statement& st, std::vector<rating_slot>& slots) {
                for (rating_slot& s : slots) {
                    st.exchange(soci::use(s.id));
                    st.exchange(soci::use(s.rating));
                }
                if (use_case)  // CASE binds the ids a second time, for WHERE id IN (...)
                    for (rating_slot& s : slots) st.exchange(soci::use(s.id));
            },
            [&](std::vector<rating_slot>& slots, std::size_t first) {
                for (std::size_t r = 0; r < slots.size(); ++r)
                    slots[r] = {changed[first + r]->id, changed[first + r]->rating};
            },
            [](std::size_t, long long) {});
    }

    // One row at a time into single variables (see the file comment).
    finder make_finder() override {
        // The statement keeps the addresses of its variables: all on the heap.
        struct lookup {
            long long key = 0;
            author_reader row;
            soci::statement st;
            explicit lookup(soci::session& s) : st(s) {}
        };
        auto q = std::make_shared<lookup>(sql_);
        q->row.bind(q->st);
        q->st.exchange(soci::use(q->key));
        q->st.alloc();
        q->st.prepare(sql_text::select_author(":key"));
        q->st.define_and_bind();
        return [q](std::int64_t key) {
            std::optional<Author> out;
            q->key = key;
            if (q->st.execute(true)) out = q->row.get();
            return out;
        };
    }

    std::vector<Author> load_all() override {
        std::vector<Author> out;
        author_reader row;
        soci::statement st(sql_);
        row.bind(st);
        st.alloc();
        st.prepare(sql_text::select_authors);
        st.define_and_bind();
        for (bool got = st.execute(true); got; got = st.fetch()) out.push_back(row.get());
        return out;
    }

    cormorant::config cfg_;
    soci::session sql_;
};

}  // namespace

std::unique_ptr<line> soci_line(const cormorant::config& cfg) {
    return std::make_unique<soci_by_hand>(cfg);
}

void soci_insert(const cormorant::config& cfg, std::vector<Author>& authors) {
    soci_by_hand(cfg).populate(authors);
}

}  // namespace bench
