// The all-or-nothing scope of flushes and bulk statements.
#include "connection/transaction_scope.hpp"

#include "connection/transaction_state.hpp"
#include "cormorant/sql.hpp"

namespace cormorant::detail {

void run_atomically(connection& c, std::string_view name, const std::function<void()>& fn,
                    bool own_savepoint) {
    const bool in_tx = c.in_transaction();
    const bool nested = in_tx && own_savepoint;
    const dialect& d = c.dialect();
    if (nested)
        c.execute(sql::savepoint(d, name), {}, {"", "savepoint"});
    else if (!in_tx)
        c.begin();
    try {
        fn();
        if (nested)
            c.execute(sql::release_savepoint(d, name), {}, {"", "release savepoint"});
        else if (!in_tx)
            c.commit();
    } catch (...) {
        try {
            if (nested) {
                c.execute(sql::rollback_to_savepoint(d, name), {}, {"", "rollback to savepoint"});
                c.execute(sql::release_savepoint(d, name), {}, {"", "release savepoint"});
            } else if (!in_tx && c.in_transaction()) {
                c.rollback();
            }
        } catch (...) {
            // The original error matters more. An enclosing transaction can no
            // longer be trusted; a broken connection is dropped by the pool.
            if (nested) {
                c.atomic_state().needs_rollback = true;
                c.atomic_state().rollback_cause = std::current_exception();
            }
        }
        throw;
    }
}

}  // namespace cormorant::detail
