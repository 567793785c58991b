#pragma once
/// \file schema.hpp
/// Ordering tables by their foreign keys, for CREATE (parents first) and DROP
/// (children first).
///
///     auto order = cormorant::creation_order({&table_of<Book>(), &table_of<Author>()});
///     // author, book

#include <string>
#include <vector>

#include "cormorant/dialect.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant {

/// The tables in an order where each comes after the tables it references
/// (self-references allowed; references to tables not in the list ignored).
/// Ties keep the given order. A cycle is a schema_error that names it.
std::vector<const table_info*> creation_order(std::vector<const table_info*> tables);

/// Every statement create_all sends, in order.
std::vector<std::string> create_statements(const dialect& d, const std::vector<const table_info*>& tables);

/// Every statement drop_all sends, in order.
std::vector<std::string> drop_statements(const dialect& d, const std::vector<const table_info*>& tables);

}  // namespace cormorant
