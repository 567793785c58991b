// libpq by hand on PostgreSQL, in its two fast forms: one prepared statement
// executed per row, and prepared multi-row VALUES of batch_rows rows. Values
// are sent as text, as most libpq programs do.
#include <libpq-fe.h>

#include <charconv>
#include <map>
#include <stdexcept>

#include "raw_line.hpp"
#include "sql_text.hpp"

namespace bench {

namespace {

const sql_text::placeholder dollar = [](std::size_t n) { return "$" + std::to_string(n); };

/// One PGresult, cleared on scope exit.
class result {
public:
    explicit result(PGconn* c, PGresult* r) : r_(r) {
        const auto st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            const std::string msg = PQerrorMessage(c);
            PQclear(r);
            throw std::runtime_error("libpq: " + msg);
        }
    }
    ~result() { PQclear(r_); }
    result(const result&) = delete;
    result& operator=(const result&) = delete;

    int rows() const { return PQntuples(r_); }
    bool null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
    std::string text(int row, int col) const {
        return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
    }
    template <class T>
    T number(int row, int col) const {
        const char* p = PQgetvalue(r_, row, col);
        T v{};
        std::from_chars(p, p + PQgetlength(r_, row, col), v);
        return v;
    }
    Author author(int row) const {
        Author a;
        a.id = number<std::int64_t>(row, 0);
        a.name = text(row, 1);
        a.email = text(row, 2);
        if (!null(row, 3)) a.born = number<int>(row, 3);
        a.rating = number<double>(row, 4);
        a.active = PQgetvalue(r_, row, 5)[0] == 't';
        return a;
    }

private:
    PGresult* r_;
};

/// Parameters in text form: the strings and the pointers libpq reads.
class params {
public:
    void clear() {
        text_.clear();
        null_.clear();
    }
    void add(const std::string& v) {
        text_.push_back(v);
        null_.push_back(false);
    }
    void add(std::int64_t v) { add(std::to_string(v)); }
    void add(double v) {
        char buf[32];
        auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
        add(std::string(buf, end));
    }
    void add(bool v) { add(std::string(v ? "true" : "false")); }
    template <class T>
    void add(const std::optional<T>& v) {
        if (v) {
            add(*v);
        } else {
            text_.emplace_back();
            null_.push_back(true);
        }
    }
    void add(const std::optional<int>& v) {
        if (v)
            add(std::int64_t{*v});
        else
            add(std::optional<std::string>{});
    }
    void add_author(const Author& a) {
        add(a.name);
        add(a.email);
        add(a.born);
        add(a.rating);
        add(a.active);
    }
    void add_book(const Book& b) {
        add(b.author.target()->id);
        add(b.title);
        add(std::int64_t{b.pages});
        add(b.price);
        add(b.isbn);
    }
    /// Runs prepared statement `name` with these values.
    PGresult* exec(PGconn* c, const std::string& name) {
        ptrs_.resize(text_.size());
        for (std::size_t i = 0; i < text_.size(); ++i) ptrs_[i] = null_[i] ? nullptr : text_[i].c_str();
        return PQexecPrepared(c, name.c_str(), static_cast<int>(ptrs_.size()), ptrs_.data(), nullptr, nullptr,
                              0);
    }

private:
    std::vector<std::string> text_;
    std::vector<bool> null_;
    std::vector<const char*> ptrs_;
};

class libpq_line final : public raw_line {
public:
    libpq_line(std::string url, bool multi) : url_(std::move(url)), multi_(multi) {}
    ~libpq_line() override {
        if (c_) PQfinish(c_);
    }

    std::string system() const override { return multi_ ? "libpq multi-row" : "libpq per-row"; }
    bool raw_driver() const override { return true; }
    bool runs(workload w) const override {
        // Reads have one form; the per-row line shows it.
        return raw_line::runs(w) && (!multi_ || (w != workload::load && w != workload::get));
    }

private:
    void connect() override {
        if (c_) return;
        c_ = PQconnectdb(url_.c_str());
        if (PQstatus(c_) != CONNECTION_OK)
            throw std::runtime_error(std::string("libpq: ") + PQerrorMessage(c_));
    }
    void exec(const char* sql) { result r(c_, PQexec(c_, sql)); }
    void begin() override { exec("BEGIN"); }
    void commit() override { exec("COMMIT"); }
    /// Prepares `sql` under a new name (statements are dropped with the connection).
    std::string prepare(const std::string& sql) {
        std::string name = "s" + std::to_string(++statements_);
        result r(c_, PQprepare(c_, name.c_str(), sql.c_str(), 0, nullptr));
        return name;
    }

    // Sends rows [0, n) one a statement or batch_rows a statement:
    // bind(p, i) adds row i's values, read(i, res, r) takes what row r of the
    // result says about row i.
    template <class Sql, class Bind, class Read>
    void write(std::size_t n, Sql&& sql, Bind&& bind, Read&& read) {
        std::map<std::size_t, std::string> prepared;
        params p;
        const std::size_t per = multi_ ? batch_rows : 1;
        for (std::size_t first = 0; first < n; first += per) {
            const std::size_t rows = std::min(per, n - first);
            auto it = prepared.find(rows);
            if (it == prepared.end()) it = prepared.emplace(rows, prepare(sql(rows))).first;
            p.clear();
            for (std::size_t r = 0; r < rows; ++r) bind(p, first + r);
            result res(c_, p.exec(c_, it->second));
            for (int r = 0; r < res.rows(); ++r) read(first + static_cast<std::size_t>(r), res, r);
        }
    }

    void insert_authors(std::span<Author* const> authors) override {
        write(
            authors.size(), [](std::size_t rows) { return sql_text::insert_authors(rows, dollar); },
            [&](params& p, std::size_t i) { p.add_author(*authors[i]); },
            [&](std::size_t i, const result& res, int r) {
                authors[i]->id = res.number<std::int64_t>(r, 0);
            });
    }

    void insert_books(std::vector<Book>& books) override {
        write(
            books.size(), [](std::size_t rows) { return sql_text::insert_books(rows, dollar); },
            [&](params& p, std::size_t i) { p.add_book(books[i]); },
            [&](std::size_t i, const result& res, int r) { books[i].id = res.number<std::int64_t>(r, 0); });
    }

    void update_ratings(const std::vector<const Author*>& changed) override {
        const auto sql = [&](std::size_t rows) {
            return multi_ ? sql_text::update_ratings_from_values(rows, dollar, {"bigint", "double precision"})
                          : sql_text::update_rating(dollar);
        };
        write(
            changed.size(), sql,
            [&](params& p, std::size_t i) {
                if (multi_) {
                    p.add(changed[i]->id);
                    p.add(changed[i]->rating);
                } else {
                    p.add(changed[i]->rating);
                    p.add(changed[i]->id);
                }
            },
            [](std::size_t, const result&, int) {});
    }

    void delete_authors(const std::vector<std::int64_t>& ids) override {
        const auto sql = [&](std::size_t rows) {
            return multi_ ? sql_text::delete_authors(rows, dollar) : sql_text::delete_author(dollar);
        };
        write(
            ids.size(), sql, [&](params& p, std::size_t i) { p.add(ids[i]); },
            [](std::size_t, const result&, int) {});
    }

    std::vector<Author> load_all() override {
        result r(c_, PQexec(c_, sql_text::select_authors));
        std::vector<Author> out;
        out.reserve(static_cast<std::size_t>(r.rows()));
        for (int i = 0; i < r.rows(); ++i) out.push_back(r.author(i));
        return out;
    }

    finder make_finder() override {
        const std::string name = prepare(sql_text::select_author("$1"));
        return [this, name, p = std::make_shared<params>()](std::int64_t key) {
            std::optional<Author> out;
            p->clear();
            p->add(key);
            result r(c_, p->exec(c_, name));
            if (r.rows() == 1) out = r.author(0);
            return out;
        };
    }

    std::string url_;
    bool multi_;
    PGconn* c_ = nullptr;
    unsigned statements_ = 0;
};

}  // namespace

std::vector<std::unique_ptr<line>> libpq_lines(const std::string& url) {
    std::vector<std::unique_ptr<line>> out;
    out.push_back(std::make_unique<libpq_line>(url, false));
    out.push_back(std::make_unique<libpq_line>(url, true));
    return out;
}

}  // namespace bench
