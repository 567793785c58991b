#pragma once
/// \file errors.hpp
/// The one exception hierarchy of cormorant. Every message names what failed
/// (table, operation) and why; no message ever contains a password.
///
///     try { db.create_all<Author>(); }
///     catch (const cormorant::error& e) { std::cerr << e.what() << '\n'; }

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace cormorant {

/// What a statement is about, for error messages: the table and the operation.
struct statement_context {
    std::string_view table;
    std::string_view operation;
};

/// Base of every exception cormorant throws.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A malformed DATABASE_URL or an unknown option; the message shows the URL
/// with its password masked.
class config_error : public error {
public:
    using error::error;
};

/// A model or schema that cannot be mapped (foreign-key cycle, missing model).
class schema_error : public error {
public:
    using error::error;
};

/// A value that does not fit its column (for example a uint64_t above INT64_MAX).
class value_error : public error {
public:
    using error::error;
};

/// Anything the database reported that has no more specific class.
class database_error : public error {
public:
    database_error(const std::string& message, std::string table = {}, std::string operation = {})
        : error(message), table_(std::move(table)), operation_(std::move(operation)) {}
    /// The table the failed statement addressed (may be empty).
    const std::string& table() const noexcept { return table_; }
    /// The operation: "insert", "update", "delete", "select", "create table", ...
    const std::string& operation() const noexcept { return operation_; }

private:
    std::string table_;
    std::string operation_;
};

/// Failure to reach or log in to the database server (names host, port and
/// database; never the password), or a connection lost while in use.
class connection_error : public database_error {
public:
    using database_error::database_error;
};

/// A value the database refused for its column: too long for a bounded text
/// column, out of the column's range.
class data_error : public database_error {
public:
    using database_error::database_error;
};

/// A write sent to a server that only reads (a hot standby, a read-only replica).
class read_only_error : public database_error {
public:
    using database_error::database_error;
};

/// A constraint violation.
class integrity_error : public database_error {
public:
    enum class kind { unique, foreign_key, not_null, check };
    integrity_error(kind k, const std::string& message, std::string table = {}, std::string operation = {})
        : database_error(message, std::move(table), std::move(operation)), kind_(k) {}
    kind which() const noexcept { return kind_; }

private:
    kind kind_;
};

/// A transient failure (serialization failure, deadlock, lock timeout, busy):
/// the whole transaction is safe to retry.
class transient_error : public database_error {
public:
    enum class kind { serialization_failure, deadlock, lock_timeout, busy };
    transient_error(kind k, const std::string& message, std::string table = {}, std::string operation = {})
        : database_error(message, std::move(table), std::move(operation)), kind_(k) {}
    kind which() const noexcept { return kind_; }

private:
    kind kind_;
};

/// A broken transaction, a forbidden call inside a transaction, durable nesting.
/// When an earlier error broke the transaction, cause() holds that error.
///
///     catch (const cormorant::transaction_error& e) {
///         if (e.cause()) std::rethrow_exception(e.cause());
///     }
class transaction_error : public error {
public:
    explicit transaction_error(const std::string& message, std::exception_ptr cause = nullptr)
        : error(message), cause_(std::move(cause)) {}
    /// The error that broke the transaction, or null.
    const std::exception_ptr& cause() const noexcept { return cause_; }

private:
    std::exception_ptr cause_;
};

/// An optimistic-locking conflict: the row was changed or deleted by someone
/// else since it was loaded. The whole flush was undone.
class stale_object_error : public error {
public:
    stale_object_error(const std::string& message, std::string table, std::string key)
        : error(message), table_(std::move(table)), key_(std::move(key)) {}
    const std::string& table() const noexcept { return table_; }
    /// The row's key, as text.
    const std::string& key() const noexcept { return key_; }

private:
    std::string table_;
    std::string key_;
};

/// A flush that cannot be planned: pending rows that reference each other in
/// a cycle, a changed key of a persistent object. Raised before any SQL is sent.
class flush_error : public error {
public:
    using error::error;
};

/// `get_or_throw` and `.one()` found no row.
class not_found : public error {
public:
    using error::error;
};

/// `.one()` found more than one row.
class multiple_results : public error {
public:
    using error::error;
};

/// Name of an integrity kind, for messages: "unique", "foreign key", ...
const char* to_string(integrity_error::kind k) noexcept;
/// Name of a transient kind: "serialization failure", "deadlock", ...
const char* to_string(transient_error::kind k) noexcept;

}  // namespace cormorant
