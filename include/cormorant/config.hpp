#pragma once
/// \file config.hpp
/// Where the database is: a URL, usually from the DATABASE_URL environment
/// variable.
///
///     auto cfg = cormorant::config::from_url("postgresql://app:secret@db:5432/shop");
///     auto db  = cormorant::database::open(cormorant::config::from_env());
///
/// Forms: `sqlite:///relative.db`, `sqlite:////absolute.db`, `sqlite://:memory:`,
/// `postgresql://user:password@host:port/database?option=value`,
/// `mysql://...` and `mariadb://...` (the same backend).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cormorant/backend_kind.hpp"

namespace cormorant {

/// A parsed database URL. Nothing in it is validated against a server.
struct config {
    backend_kind backend = backend_kind::sqlite;
    std::string user;
    std::string password;  ///< percent-decoded; never printed
    std::string host;
    std::optional<std::uint16_t> port;
    /// Database name, or for SQLite the file path (or ":memory:").
    std::string database;
    /// Query options (`?a=1&b=2`), percent-decoded, in URL order.
    std::vector<std::pair<std::string, std::string>> options;

    /// The file used when DATABASE_URL is unset: `cormorant.db` in the working directory.
    static constexpr std::string_view default_url = "sqlite:///cormorant.db";

    /// Parses a URL; throws config_error (URL shown with the password masked).
    static config from_url(std::string_view url);
    /// Parses DATABASE_URL, or default_url when it is unset or empty.
    static config from_env();

    /// The value of option `name`, if given.
    std::optional<std::string> option(std::string_view name) const;
    /// The URL again, with the password replaced by `***`.
    std::string masked_url() const;
};

/// Replaces the password of any URL-shaped text by `***` (for messages).
std::string mask_password(std::string_view url);

}  // namespace cormorant
