#pragma once
// The shape of every hand-written line: what each workload does and times,
// written once. A raw line supplies the SQL work: connecting, a transaction,
// inserting, loading, finding, updating and deleting rows.
#include <functional>
#include <optional>
#include <span>

#include "lines.hpp"

namespace bench {

class raw_line : public line {
public:
    bool runs(workload w) const override { return w != workload::noop; }
    timing run(workload w, const fixture& f) final;

protected:
    /// Finds one author by key; holds whatever it prepared.
    using finder = std::function<std::optional<Author>(std::int64_t)>;

    virtual void connect() = 0;
    virtual void begin() = 0;
    virtual void commit() = 0;
    /// Inserts the authors and writes their generated keys back.
    virtual void insert_authors(std::span<Author* const> authors) = 0;
    /// Inserts the books (their author refs hold inserted authors).
    virtual void insert_books(std::vector<Book>& books) = 0;
    /// Every author, in key order.
    virtual std::vector<Author> load_all() = 0;
    virtual finder make_finder() = 0;
    /// Writes the ratings of the given authors.
    virtual void update_ratings(const std::vector<const Author*>& changed) = 0;
    virtual void delete_authors(const std::vector<std::int64_t>& ids) = 0;

private:
    template <class F>
    void transaction(F&& fn) {
        begin();
        fn();
        commit();
    }
};

}  // namespace bench
