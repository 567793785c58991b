#pragma once
/// \file backend_kind.hpp
/// The database families cormorant speaks to.
///
///     if (db.backend() == cormorant::backend_kind::sqlite) std::cout << cormorant::to_string(db.backend());

namespace cormorant {

/// The database families cormorant speaks to.
enum class backend_kind { sqlite, postgresql, mysql };

/// "sqlite", "postgresql" or "mysql".
const char* to_string(backend_kind b) noexcept;

}  // namespace cormorant
