// The cormorant line: each workload written as a user of the session API would.
#include <cormorant/cormorant.hpp>

#include "lines.hpp"

namespace bench {

namespace {

class cormorant_session_line final : public line {
public:
    explicit cormorant_session_line(cormorant::database db) : db_(std::move(db)) {}

    std::string system() const override { return "cormorant"; }
    bool runs(workload) const override { return true; }

    timing run(workload w, const fixture& f) override {
        // Sessions and objects are destroyed after the clock stops, as the
        // raw lines' vectors are.
        cormorant::session s{db_};
        switch (w) {
            case workload::insert: {
                std::vector<Author> authors = make_authors(f.size.n);
                return {seconds([&] {
                    for (Author& a : authors) s.add(std::move(a));
                    s.commit();
                })};
            }
            case workload::graph: {
                std::vector<Author> authors = make_authors(f.size.graph_authors());
                std::vector<Book> books = make_books(authors.size());
                return {seconds([&] {
                    for (std::size_t i = 0; i < authors.size(); ++i) {
                        auto author = s.add(std::move(authors[i]));
                        for (int j = 0; j < books_per_author; ++j) {
                            Book& b = books[i * books_per_author + j];
                            b.author = author;
                            s.add(std::move(b));
                        }
                    }
                    s.commit();
                })};
            }
            case workload::update: {
                std::vector<cormorant::handle<Author>> all;
                const double load = seconds([&] { all = s.all<Author>(); });
                const double commit = seconds([&] {
                    for (std::size_t i = 0; i < all.size(); i += change_stride) all[i]->rating += rating_step;
                    s.commit();
                });
                return {load, commit};
            }
            case workload::load: {
                std::vector<cormorant::handle<Author>> all;
                return {seconds([&] { all = s.all<Author>(); })};
            }
            case workload::get: {
                std::size_t found = 0;
                const double t = seconds([&] {
                    for (std::int64_t k : f.keys) found += s.get<Author>(k) != nullptr;
                });
                if (found != f.keys.size())
                    throw std::runtime_error("get found " + std::to_string(found) + " of " +
                                             std::to_string(f.keys.size()) + " keys");
                return {t};
            }
            case workload::noop: {
                auto all = s.all<Author>();
                return {seconds([&] { s.commit(); })};
            }
            case workload::remove: {
                auto all = s.all<Author>();
                return {seconds([&] {
                    for (std::size_t i = 0; i < all.size(); i += change_stride) s.remove(all[i]);
                    s.commit();
                })};
            }
        }
        return {};
    }

private:
    cormorant::database db_;
};

}  // namespace

std::unique_ptr<line> cormorant_line(cormorant::database db) {
    return std::make_unique<cormorant_session_line>(std::move(db));
}

}  // namespace bench
