#pragma once
/// \file query_api.hpp
/// Everything the session's query members use: typed queries, bulk
/// statements, raw SQL, and loading the children of many parents.

#include <memory>
#include <ranges>
#include <type_traits>
#include <vector>

#include "cormorant/bulk.hpp"
#include "cormorant/query.hpp"
#include "cormorant/raw_sql.hpp"

namespace cormorant::detail {

/// session::children: the rows of C whose ref `member` points at each parent.
template <class C, class M, class R>
std::vector<std::vector<std::shared_ptr<C>>> children_of(session& s, M C::*member, const R& parents) {
    using P = ref_model_t<M>;
    static_assert(!std::is_void_v<P>, "cormorant: children() takes a ref<T> member of the child model");
    static_assert(std::is_convertible_v<std::ranges::range_value_t<R>, std::shared_ptr<P>>,
                  "cormorant: children() takes handles of the model the ref member points at");
    std::vector<std::shared_ptr<void>> erased;
    for (const auto& p : parents) erased.push_back(std::shared_ptr<P>(p));
    const load_term term{column_index_of(member), ref_assigner(member)};
    std::vector<std::vector<std::shared_ptr<C>>> out;
    for (auto& group : session_access::children(s, table_of<C>(), term, erased)) {
        auto& typed = out.emplace_back();
        typed.reserve(group.size());
        for (auto& c : group) typed.push_back(std::static_pointer_cast<C>(std::move(c)));
    }
    return out;
}

}  // namespace cormorant::detail
