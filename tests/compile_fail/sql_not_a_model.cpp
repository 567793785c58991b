// A struct without a key read with s.sql<T>: it is not a model; rows<R> reads it.
// expect: cormorant: sql<T> reads rows into models (tracked, with a key), and T has no key field
#include <cormorant/cormorant.hpp>
#include <cstdint>
#include <string>

struct Totals {
    std::string author;
    std::int64_t books = 0;
};

void report(cormorant::session& s) {
    auto rows = s.sql<Totals>("SELECT author, COUNT(*) AS books FROM book GROUP BY author");
}
