// A hand-written query's result matched to the columns it is read into, and
// the messages that say what does not match. Values never appear in them:
// a message may end up in a log that the data must not reach.
#include "cormorant/detail/raw_rows.hpp"

#include <algorithm>

#include "cormorant/errors.hpp"

namespace cormorant::detail {

namespace {

std::string quoted(std::string_view name) {
    // Appended step by step: `"\"" + std::string` trips GCC 12's -Wrestrict at -O3.
    std::string out(1, '"');
    out += name;
    out += '"';
    return out;
}

/// "posts.views", or "column 2 of the result" for a tuple.
std::string label(const result_shape& shape, std::size_t column) {
    if (shape.positional) return shape.subject + ": column " + std::to_string(column + 1) + " of the result";
    return shape.owner + "." + shape.names[column];
}

}  // namespace

std::vector<std::size_t> match_result_columns(const result_shape& shape,
                                              std::span<const std::string> result) {
    const std::size_t wanted = shape.types.size();
    std::vector<std::size_t> from(wanted);
    if (shape.first_only) {
        if (result.empty()) throw schema_error(shape.subject + ": the result has no column");
        return {0};
    }
    if (shape.positional) {
        if (result.size() != wanted)
            throw schema_error(shape.subject + ": the result has " + std::to_string(result.size()) +
                               (result.size() == 1 ? " column" : " columns") + ", the tuple has " +
                               std::to_string(wanted));
        for (std::size_t i = 0; i < wanted; ++i) from[i] = i;
        return from;
    }
    // Few columns: a linear search beats building a map.
    constexpr std::size_t unmatched = static_cast<std::size_t>(-1);
    std::fill(from.begin(), from.end(), unmatched);
    for (std::size_t r = 0; r < result.size(); ++r) {
        std::size_t found = unmatched;
        for (std::size_t i = 0; i < wanted && found == unmatched; ++i)
            if (shape.names[i] == result[r]) found = i;
        if (found == unmatched)
            throw schema_error(shape.subject + ": the result's column " + quoted(result[r]) + " is not a " +
                               std::string(shape.member_word) + " of " + shape.owner);
        if (from[found] != unmatched)
            throw schema_error(shape.subject + ": the result has two columns named " + quoted(result[r]));
        from[found] = r;
    }
    for (std::size_t i = 0; i < wanted; ++i)
        if (from[i] == unmatched)
            throw schema_error(shape.subject + ": no column " + quoted(shape.names[i]) + " in the result");
    return from;
}

void throw_unreadable(const result_shape& shape, std::size_t column, const value& v) {
    if (shape.first_only) {
        if (v.is_null())
            throw value_error(shape.subject + ": the first column is NULL; read it as a std::optional");
        throw value_error(shape.subject + ": cannot read the first column as " +
                          to_string(shape.types[column]));
    }
    if (v.is_null()) throw value_error(label(shape, column) + ": NULL where the field is not optional");
    throw value_error(label(shape, column) + ": cannot read the value as " + to_string(shape.types[column]));
}

void throw_no_row(const result_shape& shape) {
    throw not_found(shape.subject + ": the query returned no row");
}

}  // namespace cormorant::detail
