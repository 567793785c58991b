#pragma once
/// \file schema.hpp
/// The statements of create_all and drop_all, tables ordered by their foreign
/// keys (creation_order, metadata.hpp): parents first to create, children
/// first to drop.
///
///     for (const std::string& sql : cormorant::create_statements(d, {&table_of<Book>(),
///     &table_of<Author>()}))
///         std::cout << sql << '\n';   // CREATE TABLE ... "author" first, then "book"

#include <string>
#include <vector>

#include "cormorant/dialect.hpp"
#include "cormorant/metadata.hpp"

namespace cormorant {

/// Every statement create_all sends, in order.
std::vector<std::string> create_statements(const dialect& d, const std::vector<const table_info*>& tables);

/// Every statement drop_all sends, in order.
std::vector<std::string> drop_statements(const dialect& d, const std::vector<const table_info*>& tables);

}  // namespace cormorant
