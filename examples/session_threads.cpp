// session_threads: one session per thread, one database shared by all of
// them. Runs on DATABASE_URL, else on an in-memory SQLite database, and fails
// when any claim does not hold.
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "example_check.hpp"
#include "session_models.hpp"

using example::check;

int main() {
    return example::run("session_threads", [](orm::database& db) {
        db.create_all<Author, Book, Category, Wallet, Post, Comment>();
        //! [threads]
        // Copies of a database handle share its connection pool; each thread
        // has a session of its own.
        constexpr int threads = 4, per_thread = 25;
        std::vector<std::exception_ptr> errors(threads);
        std::vector<std::thread> workers;
        for (int w = 0; w < threads; ++w)
            workers.emplace_back([db, w, &errors]() mutable {
                try {
                    orm::session s{db};
                    for (int i = 0; i < per_thread; ++i)
                        s.add(Author{
                            .name = "Writer " + std::to_string(i),
                            .email = std::to_string(w) + "." + std::to_string(i) + "@threads.example.com"});
                    s.commit();
                } catch (...) {
                    errors[w] = std::current_exception();
                }
            });
        for (auto& t : workers) t.join();
        for (const auto& e : errors)
            if (e) std::rethrow_exception(e);
        //! [threads]

        orm::session s{db};  // check, then clean up the example's rows
        int found = 0;
        for (const auto& a : s.all<Author>())
            if (a->email.ends_with("@threads.example.com")) {
                ++found;
                s.remove(a);
            }
        check(found == threads * per_thread, "every thread's rows were saved");
        s.commit();
    });
}
