#include "raw_line.hpp"

#include <stdexcept>
#include <unordered_map>

namespace bench {

timing raw_line::run(workload w, const fixture& f) {
    connect();
    switch (w) {
        case workload::insert: {
            std::vector<Author> authors = make_authors(f.size.n);
            std::vector<Author*> ptrs;
            for (Author& a : authors) ptrs.push_back(&a);
            return {seconds([&] { transaction([&] { insert_authors(ptrs); }); })};
        }
        case workload::graph: {
            // Shared, because the books point at their authors.
            std::vector<std::shared_ptr<Author>> authors;
            std::vector<Author*> ptrs;
            for (Author& a : make_authors(f.size.graph_authors())) {
                authors.push_back(std::make_shared<Author>(std::move(a)));
                ptrs.push_back(authors.back().get());
            }
            std::vector<Book> books = make_books(authors.size());
            return {seconds([&] {
                transaction([&] {
                    insert_authors(ptrs);
                    for (std::size_t i = 0; i < books.size(); ++i)
                        books[i].author = authors[i / books_per_author];
                    insert_books(books);
                });
            })};
        }
        case workload::update: {
            std::vector<Author> all;
            const double load = seconds([&] { all = load_all(); });
            const double write = seconds([&] {
                std::vector<const Author*> changed;
                for (std::size_t i = 0; i < all.size(); i += change_stride) {
                    all[i].rating += rating_step;
                    changed.push_back(&all[i]);
                }
                transaction([&] { update_ratings(changed); });
            });
            return {load, write};
        }
        case workload::load: {
            std::vector<Author> all;
            return {seconds([&] { all = load_all(); })};
        }
        case workload::get: {
            // Each distinct key is read once, as an identity map would.
            std::unordered_map<std::int64_t, Author> seen;
            std::size_t found = 0;
            const double t = seconds([&] {
                const finder find = make_finder();
                for (std::int64_t k : f.keys) {
                    if (seen.contains(k)) {
                        ++found;
                    } else if (std::optional<Author> a = find(k)) {
                        seen.emplace(k, std::move(*a));
                        ++found;
                    }
                }
            });
            if (found != f.keys.size()) throw std::runtime_error(system() + ": get found too few keys");
            return {t};
        }
        case workload::remove: {
            const std::vector<Author> all = load_all();
            return {seconds([&] {
                std::vector<std::int64_t> gone;
                for (std::size_t i = 0; i < all.size(); i += change_stride) gone.push_back(all[i].id);
                transaction([&] { delete_authors(gone); });
            })};
        }
        case workload::noop:
            break;
    }
    return {};
}

}  // namespace bench
