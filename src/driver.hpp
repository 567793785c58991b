#pragma once
// The seam where a database plugs in: its dialect (SQL text), how to connect
// through SOCI, and how to classify its errors. One implementation per file
// in backends/.

#include <soci/soci-backend.h>
#include <soci/soci.h>

#include <string>

#include "cormorant/config.hpp"
#include "cormorant/connection.hpp"
#include "cormorant/dialect.hpp"

namespace cormorant::detail {

class driver {
public:
    virtual ~driver() = default;
    virtual const dialect& sql() const noexcept = 0;
    virtual const soci::backend_factory& factory() const = 0;
    /// SOCI's connection string for `cfg`; config_error for unknown options.
    virtual std::string connect_string(const config& cfg) const = 0;
    /// Session set-up after connecting (pragmas, session variables); returns
    /// the dialect for this connection (it may depend on the server version).
    virtual const dialect& on_connect(soci::session&, const config&) const { return sql(); }
    /// Throws the cormorant exception that matches a driver error.
    [[noreturn]] virtual void raise(const soci::soci_error& e, statement_context ctx) const = 0;
};

/// The driver of a backend; config_error when it was not built in.
const driver& driver_for(backend_kind backend);

// Defined in backends/<db>.cpp; a driver is nullptr when SOCI's backend was not found.
const dialect& sqlite_dialect() noexcept;
const dialect& postgresql_dialect() noexcept;
const dialect& mysql_dialect() noexcept;
const driver* sqlite_driver() noexcept;
const driver* postgresql_driver() noexcept;
const driver* mysql_driver() noexcept;

/// "<operation> on <table> failed: <message>" (parts left out when empty).
std::string describe(statement_context ctx, const std::string& message);

}  // namespace cormorant::detail
