// cormorant_bench: runs the workloads of every line on every backend given,
// checks the rows each run leaves, and prints one table of medians.
//
//     cormorant_bench [--n 100000] [--reps 5] [--sqlite bench.db]
//                     [--postgresql postgresql://u:p@host:port/db] [--mysql mysql://u:p@host:port/db]
//                     [--only W1,W3]
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "checks.hpp"
#include "lines.hpp"

namespace {

using namespace bench;
namespace orm = cormorant;

struct options {
    sizes size;
    int reps = 5;
    std::string sqlite = "bench.db";
    std::string postgresql, mysql;
    std::set<workload> only;
    std::set<std::string> systems;  // empty: all
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << problem
              << "\nusage: cormorant_bench [--n N] [--reps R] [--sqlite FILE] [--postgresql URL] "
                 "[--mysql URL] [--only W1,W2,...] [--systems cormorant,soci,sqlite3,libpq]\n";
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") usage("cormorant benchmarks (see benchmarks/README.md)");
        if (i + 1 >= argc) usage("missing value after " + flag);
        const std::string v = argv[++i];
        if (flag == "--n") {
            o.size.n = std::stoul(v);
        } else if (flag == "--reps") {
            o.reps = std::max(1, std::stoi(v));
        } else if (flag == "--sqlite") {
            o.sqlite = v;
        } else if (flag == "--postgresql") {
            o.postgresql = v;
        } else if (flag == "--mysql") {
            o.mysql = v;
        } else if (flag == "--only") {
            std::stringstream in(v);
            for (std::string id; std::getline(in, id, ',');) {
                bool known = false;
                for (workload w : all_workloads)
                    if (id_of(w) == id) o.only.insert(w), known = true;
                if (!known) usage("unknown workload " + id);
            }
        } else if (flag == "--systems") {
            std::stringstream in(v);
            for (std::string name; std::getline(in, name, ',');) o.systems.insert(name);
        } else {
            usage("unknown option " + flag);
        }
    }
    if (o.size.n < change_stride) usage("--n must be at least 10");
    return o;
}

/// One row of the table: a timed phase of a workload on one line.
struct result_row {
    std::string workload;
    std::string system;
    std::string backend;
    bool raw_driver = false;
    bool reference_candidate = false;  // not cormorant
    std::size_t rows = 0;
    std::vector<double> seconds;
    std::string problem;  // a failed check or an error

    double median() const {
        std::vector<double> s = seconds;
        std::sort(s.begin(), s.end());
        if (s.empty()) return 0;
        return s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
    }
};

/// Fresh tables; for the workloads that need them, n authors (their keys in key order).
std::vector<std::int64_t> reset(orm::database& db, const orm::config& cfg, workload w, const sizes& s) {
    db.drop_all<Book, Author>();
    db.create_all<Author, Book>();
    std::vector<std::int64_t> ids;
    if (!needs_authors(w)) return ids;
    std::vector<Author> authors = make_authors(s.n);
    soci_insert(cfg, authors);
    for (const Author& a : authors) ids.push_back(a.id);
    return ids;
}

std::vector<std::string> phases(workload w) {
    static const char* names[] = {"insert", "graph", "update", "load", "get", "no-op commit", "delete"};
    const std::string base = id_of(w) + " " + names[static_cast<int>(w)];
    if (w == workload::update) return {base + " (load)", base + " (commit)"};
    return {base};
}

std::vector<std::size_t> phase_rows(workload w, const sizes& s) {
    switch (w) {
        case workload::insert:
            return {s.n};
        case workload::graph:
            return {s.graph_authors() * (1 + books_per_author)};
        case workload::update:
            return {s.n, s.changed()};
        case workload::load:
            return {s.n};
        case workload::get:
            return {s.lookups()};
        case workload::noop:
            return {s.n};
        case workload::remove:
            return {s.changed()};
    }
    return {};
}

/// Runs every selected workload of every line on one backend.
void run_backend(const options& o, const orm::config& cfg, std::vector<std::unique_ptr<line>> all_lines,
                 std::vector<result_row>& out) {
    std::vector<std::unique_ptr<line>> lines;
    for (auto& l : all_lines) {
        const std::string sys = l->system();
        if (o.systems.empty() || o.systems.contains(sys.substr(0, sys.find(' '))))
            lines.push_back(std::move(l));
    }
    orm::database db = orm::database::open(cfg);
    const std::string backend = orm::to_string(cfg.backend);
    for (workload w : all_workloads) {
        if (!o.only.empty() && !o.only.contains(w)) continue;
        const std::vector<std::string> names = phases(w);
        const std::vector<std::size_t> rows = phase_rows(w, o.size);
        // rows of `out` per line, per phase
        std::map<line*, std::size_t> first_row;
        for (auto& l : lines) {
            if (!l->runs(w)) continue;
            first_row[l.get()] = out.size();
            for (std::size_t p = 0; p < names.size(); ++p)
                out.push_back(
                    {names[p], l->system(), backend, l->raw_driver(), l->system() != "cormorant", rows[p]});
        }
        // Repetitions outermost, so that every line sees the same machine load.
        for (int rep = 0; rep < o.reps; ++rep) {
            for (auto& l : lines) {
                if (!l->runs(w)) continue;
                result_row* r = &out[first_row[l.get()]];
                std::string progress = "  " + backend + " " + names[0] + " " + l->system() + " run " +
                                       std::to_string(rep + 1) + "/" + std::to_string(o.reps);
                progress.resize(70, ' ');
                std::cerr << progress << "\r" << std::flush;
                try {
                    fixture f{o.size, reset(db, cfg, w, o.size), {}};
                    if (w == workload::get) f.keys = lookup_keys(f.ids, o.size);
                    const timing t = l->run(w, f);
                    for (std::size_t p = 0; p < t.size() && p < names.size(); ++p)
                        r[p].seconds.push_back(t[p]);
                    if (auto wrong = check_rows(db, w, o.size)) r->problem = "wrong rows: " + *wrong;
                } catch (const std::exception& e) {
                    r->problem = e.what();
                }
                if (!r->problem.empty())
                    std::cerr << "\n"
                              << backend << " " << names[0] << " " << l->system() << ": " << r->problem
                              << "\n";
            }
        }
    }
    std::cerr << std::string(70, ' ') << "\r";
}

void print_table(const std::vector<result_row>& rows, const options& o) {
    std::printf(
        "n = %zu, median of %d runs; ratio = median / best raw-driver median of the same workload and "
        "backend\n(no raw-driver line on mysql: there the floor is the best soci line)\n\n",
        o.size.n, o.reps);
    std::printf("%-22s %-18s %-10s %10s %12s %7s\n", "workload", "system", "backend", "median s", "rows/s",
                "ratio");
    for (const result_row& r : rows) {
        double floor = 0;
        bool any_raw = false;
        for (const result_row& x : rows)
            if (x.workload == r.workload && x.backend == r.backend && x.raw_driver && !x.seconds.empty())
                any_raw = true;
        for (const result_row& x : rows) {
            if (x.workload != r.workload || x.backend != r.backend || x.seconds.empty()) continue;
            if (any_raw ? !x.raw_driver : !x.reference_candidate) continue;
            if (floor == 0 || x.median() < floor) floor = x.median();
        }
        if (r.seconds.empty()) {
            std::printf("%-22s %-18s %-10s %10s %12s %7s  %s\n", r.workload.c_str(), r.system.c_str(),
                        r.backend.c_str(), "-", "-", "-", r.problem.c_str());
            continue;
        }
        const double m = r.median();
        char ratio[16] = "-";
        if (floor > 0) std::snprintf(ratio, sizeof ratio, "%.2f", m / floor);
        std::printf("%-22s %-18s %-10s %10.4f %12.0f %7s%s%s\n", r.workload.c_str(), r.system.c_str(),
                    r.backend.c_str(), m, static_cast<double>(r.rows) / m, ratio,
                    r.problem.empty() ? "" : "  ", r.problem.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) try {
    const options o = parse(argc, argv);
    std::vector<result_row> rows;

    // cormorant and raw SOCI everywhere, then the backend's raw driver lines.
    const auto run = [&](const std::string& url, std::vector<std::unique_ptr<line>> raw) {
        const orm::config cfg = orm::config::from_url(url);
        std::vector<std::unique_ptr<line>> lines;
        lines.push_back(cormorant_line(orm::database::open(cfg)));
        lines.push_back(soci_line(cfg));
        for (auto& l : raw) lines.push_back(std::move(l));
        run_backend(o, cfg, std::move(lines), rows);
    };
    run("sqlite:///" + o.sqlite, sqlite_lines(o.sqlite));
    if (!o.postgresql.empty()) run(o.postgresql, libpq_lines(o.postgresql));
    if (!o.mysql.empty()) run(o.mysql, {});

    print_table(rows, o);
    const bool failed =
        std::any_of(rows.begin(), rows.end(), [](const result_row& r) { return !r.problem.empty(); });
    if (failed) std::printf("\nSOME RUNS FAILED OR LEFT WRONG ROWS (see above)\n");
    return failed ? 1 : 0;
} catch (const std::exception& e) {
    std::cerr << "cormorant_bench: " << e.what() << "\n";
    return 1;
}
