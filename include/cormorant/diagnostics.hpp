#pragma once
/// \file diagnostics.hpp
/// Where errors go that cannot be thrown: a failure while an atomic block's
/// guard rolls back in its destructor, or an exception from an on_commit
/// callback registered as robust; and what the PostgreSQL server and libpq
/// report outside any statement's result (notices and warnings, at
/// client_min_messages=warning), which libpq would print to stderr. By
/// default they are written to std::cerr.
///
///     cormorant::set_diagnostic_handler([](std::string_view m) { my_log.warn(m); });

#include <functional>
#include <string_view>

namespace cormorant {

/// Replaces the handler (thread-safe); an empty function restores the default.
void set_diagnostic_handler(std::function<void(std::string_view message)> handler);

/// Hands a message to the handler; never throws.
void report_diagnostic(std::string_view message) noexcept;

}  // namespace cormorant
