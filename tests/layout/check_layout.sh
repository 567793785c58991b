#!/usr/bin/env bash
# Layout check for the compiled core of cormorant.
#
#   tests/layout/check_layout.sh ROOT        check the project at ROOT
#   tests/layout/check_layout.sh --self-test show that the check can fail
#
# The core in src/ is built in five layers, bottom to top:
#
#   0 metadata      tables, columns, values, errors, diagnostics, table order
#   1 sql           the one SQL renderer and the per-database dialects
#   2 connection    driver seam, connections, pool, statement cache, rows, URLs,
#                   transaction state and the all-or-nothing scope
#   3 unit_of_work  identity map, snapshots, memory journal, flush plan, flush
#   4 session       session calls, atomic blocks, queries, bulk statements
#
# backends/ holds one driver per database; a driver implements the seam in
# src/connection/driver.hpp and counts as the connection layer.
#
# Why: dependencies point one way, downward, so each layer can be read, tested
# and changed knowing only the layers below it, and no cycle can creep in.
# And every piece of SQL text comes from one renderer (src/sql/), so quoting,
# placeholders and dialect differences are decided in one place and a statement
# cannot be assembled by hand somewhere above it.
#
# Rules (each violation is printed as "path:line: [rule] message"):
#
#  [layers]   Only `#include "..."` lines count (never <...>).
#             - A file in src/<layer>/ may include private headers
#               ("<layer>/file.hpp", by path from src/) only of its own or a
#               lower layer, and public headers ("cormorant/...") only of its
#               own or a lower layer (see PUBLIC_RANK below).
#             - backends/ counts as connection (rank 2): private headers of
#               metadata, sql and connection only; public headers of rank <= 2.
#             - A public header may include public headers of its own or a lower
#               layer only, and never a private header of src/.
#             - Every public header under include/cormorant/ must be assigned
#               to a layer in PUBLIC_RANK; so must every "cormorant/..." include.
#             - An include that climbs out with "../" is a violation; so is a
#               quoted include that is neither "<layer>/..." nor "cormorant/...".
#  [tree]     No source file directly in src/, only inside a layer folder; no
#             folder in src/ other than the five layers; each layer folder
#             exists and has a README.md.
#  [sql-text] In every source file under src/ outside src/sql/, no string
#             literal contains an upper-case SQL keyword (SQL_KEYWORDS) as a
#             whole word. Comments (// and /* */) and #include lines are not
#             looked at; escapes, char literals, digit separators and raw
#             strings are understood. Case matters: "update" in a message is
#             fine, "UPDATE" is not. backends/ is exempt: session setup
#             statements such as PRAGMA and SET belong to the drivers.
#
# Exit status: 0 when clean (after a one-line summary), 1 on any violation,
# 2 on a usage error.
#
# Needs only bash, grep, sed, awk (POSIX; gawk and mawk both do), find and
# coreutils.
set -euo pipefail

LAYERS=(metadata sql connection unit_of_work session)
declare -A LAYER_RANK=([metadata]=0 [sql]=1 [connection]=2 [unit_of_work]=3 [session]=4)
BACKEND_RANK=2

# Public headers (relative to include/cormorant/) and the layer each belongs to.
# A new public header must be added here, in the layer it belongs to.
declare -A PUBLIC_RANK=()
assign_public() {
    local rank=$1 header
    shift
    for header in "$@"; do PUBLIC_RANK[$header]=$rank; done
}
assign_public 0 value.hpp errors.hpp backend_kind.hpp isolation.hpp metadata.hpp inspect.hpp types.hpp \
    ref.hpp model_traits.hpp model.hpp expr.hpp diagnostics.hpp \
    detail/field_names.hpp detail/reflect.hpp detail/member_kinds.hpp \
    detail/model_checks.hpp detail/member_index.hpp detail/raw_rows.hpp
assign_public 1 dialect.hpp sql.hpp schema.hpp detail/query_spec.hpp
assign_public 2 config.hpp connection.hpp pool.hpp database.hpp
assign_public 3 tracking.hpp
assign_public 4 session.hpp atomic.hpp query.hpp bulk.hpp raw_sql.hpp query_api.hpp \
    cormorant.hpp detail/session_access.hpp

SQL_KEYWORDS="SELECT INSERT UPDATE DELETE BEGIN COMMIT ROLLBACK SAVEPOINT RELEASE CREATE
DROP ALTER FROM WHERE VALUES RETURNING PRAGMA LIMIT OFFSET TRANSACTION ISOLATION JOIN
INTO TABLE INDEX CAST ORDER GROUP HAVING UNION DISTINCT EXISTS SET"

# Source files, by name ending, for all three rules.
SOURCE_FIND_ARGS=(\( -name '*.cpp' -o -name '*.cc' -o -name '*.cxx' -o -name '*.hpp'
    -o -name '*.hh' -o -name '*.hxx' -o -name '*.h' -o -name '*.ipp' -o -name '*.inl' \))

layer_of_rank() {
    local layer
    for layer in "${LAYERS[@]}"; do
        if [[ ${LAYER_RANK[$layer]} -eq $1 ]]; then
            printf '%s' "$layer"
            return
        fi
    done
}

violations=0
violation() { # location rule message
    printf '%s: [%s] %s\n' "$1" "$2" "$3"
    violations=$((violations + 1))
}

# ---------------------------------------------------------------------------
# [sql-text]: a small C++ lexer in POSIX awk. It follows code, string
# literals (with escapes and line continuations), raw string literals
# (R"delim(...)delim", spanning lines), char literals, digit separators
# (1'000), // and /* */ comments; it skips #include lines. The words of each
# string literal are compared with the keywords; one violation per line.
# shellcheck disable=SC2016  # an awk program, not shell text
SQL_TEXT_AWK='
BEGIN {
    n = split(keywords, kw_list, /[ \t\n]+/)
    for (k = 1; k <= n; k++) if (kw_list[k] != "") KW[kw_list[k]] = 1
    Q = "\""; A = "\047"; BS = "\\"
}
FNR == 1 { state = "code"; lit = ""; delim = "" }

# Adds the SQL keywords among the words of s to the findings of this line.
function check(s,    words, nw, w) {
    gsub(/[^A-Za-z0-9_]/, " ", s)
    nw = split(s, words, " ")
    for (w = 1; w <= nw; w++)
        if ((words[w] in KW) && !((words[w]) in seen)) {
            seen[words[w]] = 1
            found = found (found == "" ? "" : ", ") words[w]
        }
}

# Returns the index just past the escape sequence whose backslash is at i.
function skip_escape(line, i, n,    c, j, m) {
    if (i == n) { continued = 1; return n + 1 }
    c = substr(line, i + 1, 1)
    j = i + 2
    if ((c == "x" || c == "u" || c == "U" || c == "o" || c == "N") && substr(line, j, 1) == "{") {
        while (j <= n && substr(line, j, 1) != "}") j++
        return j + 1
    }
    if (c == "x") { while (j <= n && substr(line, j, 1) ~ /[0-9A-Fa-f]/) j++; return j }
    if (c == "u") return i + 6
    if (c == "U") return i + 10
    if (c ~ /[0-7]/) {
        m = 1
        while (m < 3 && j <= n && substr(line, j, 1) ~ /[0-7]/) { j++; m++ }
        return j
    }
    return j
}

{
    line = $0
    sub(/\r$/, "", line)
    n = length(line)
    found = ""
    split("", seen)
    continued = 0
    i = 1
    if (state == "code" && line ~ /^[ \t]*#[ \t]*include/) i = n + 1
    while (i <= n) {
        c = substr(line, i, 1)
        if (state == "code") {
            d = substr(line, i + 1, 1)
            if (c == "/" && d == "/") { state = "line_comment"; i = n + 1; continue }
            if (c == "/" && d == "*") { state = "block_comment"; i += 2; continue }
            if (c == Q) { state = "string"; lit = ""; i++; continue }
            if (c == A) { state = "char"; i++; continue }
            if (c ~ /[A-Za-z_]/) {
                j = i
                while (j <= n && substr(line, j, 1) ~ /[A-Za-z0-9_]/) j++
                ident = substr(line, i, j - i)
                e = substr(line, j, 1)
                if (e == Q && ident ~ /^(u8|u|U|L)?R$/) {
                    k = index(substr(line, j + 1), "(")
                    if (k > 0) {
                        delim = substr(line, j + 1, k - 1)
                        state = "raw"; lit = ""; i = j + 1 + k
                        continue
                    }
                }
                i = j   # a prefix (u8, u, U, L) leaves the quote to the next step
                continue
            }
            if (c ~ /[0-9]/ || (c == "." && d ~ /[0-9]/)) {
                # A pp-number: a quote between digits is a digit separator, not a char literal.
                j = i + 1
                while (j <= n) {
                    e = substr(line, j, 1)
                    if (e ~ /[A-Za-z0-9_.]/) j++
                    else if (e == A && substr(line, j + 1, 1) ~ /[A-Za-z0-9_]/) j += 2
                    else if ((e == "+" || e == "-") && substr(line, j - 1, 1) ~ /[eEpP]/) j++
                    else break
                }
                i = j
                continue
            }
            i++
            continue
        }
        if (state == "string") {
            if (c == BS) { lit = lit " "; i = skip_escape(line, i, n); continue }
            if (c == Q) { check(lit); lit = ""; state = "code"; i++; continue }
            lit = lit c
            i++
            continue
        }
        if (state == "char") {
            if (c == BS) { i += 2; continue }
            if (c == A) state = "code"
            i++
            continue
        }
        if (state == "block_comment") {
            if (c == "*" && substr(line, i + 1, 1) == "/") { state = "code"; i += 2; continue }
            i++
            continue
        }
        if (state == "raw") {
            term = ")" delim Q
            k = index(substr(line, i), term)
            if (k == 0) { lit = lit substr(line, i); i = n + 1; continue }
            lit = lit substr(line, i, k - 1)
            check(lit); lit = ""; state = "code"
            i += k - 1 + length(term)
            continue
        }
        if (state == "line_comment") { i = n + 1; continue }
    }
    # End of the line.
    if (state == "string") {
        check(lit); lit = ""
        if (!continued) state = "code"          # unterminated: resynchronise
    } else if (state == "raw") {
        check(lit); lit = ""
    } else if (state == "char") {
        state = "code"
    } else if (state == "line_comment") {
        if (substr(line, n, 1) != BS) state = "code"
    }
    if (found != "")
        printf "%s:%d: [sql-text] string literal contains SQL keyword %s; SQL text belongs in src/sql/\n", FILENAME, FNR, found
}
'

# Checks the project at $1; prints violations and a summary; returns 0 or 1.
check_tree() {
    local root=$1
    if [[ ! -d $root/src ]]; then
        printf 'layout: %s has no src/ folder\n' "$root" >&2
        return 2
    fi
    cd "$root"

    local -a files=()
    local dir f
    for dir in src backends include/cormorant; do
        [[ -d $dir ]] || continue
        while IFS= read -r -d '' f; do files+=("$f"); done \
            < <(find "$dir" -type f "${SOURCE_FIND_ARGS[@]}" -print0 | sort -z)
    done

    # [tree]
    while IFS= read -r -d '' f; do
        violation "$f:1" tree "source file directly in src/; it belongs in one of the layer folders (${LAYERS[*]})"
    done < <(find src -mindepth 1 -maxdepth 1 -type f "${SOURCE_FIND_ARGS[@]}" -print0 | sort -z)
    while IFS= read -r -d '' dir; do
        local name=${dir#src/}
        if [[ -z ${LAYER_RANK[$name]+set} ]]; then
            violation "$dir" tree "folder in src/ is not one of the five layers (${LAYERS[*]})"
        fi
    done < <(find src -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
    local layer
    for layer in "${LAYERS[@]}"; do
        if [[ ! -d src/$layer ]]; then
            violation "src/$layer" tree "layer folder is missing"
        elif [[ ! -f src/$layer/README.md ]]; then
            violation "src/$layer" tree "layer folder has no README.md saying what the layer holds"
        fi
    done

    # [layers]
    local kind rank what rel public_name lineno path first target
    for f in "${files[@]}"; do
        kind="" rank="" what=""
        case $f in
            src/*/*)
                layer=${f#src/}
                layer=${layer%%/*}
                if [[ -n ${LAYER_RANK[$layer]+set} ]]; then
                    kind=src rank=${LAYER_RANK[$layer]} what="layer $layer ($rank)"
                else
                    kind=unplaced # reported under [tree] when the folder is not a layer
                fi
                ;;
            src/*) kind=unplaced ;;
            backends/*) kind=backend rank=$BACKEND_RANK what="backends/, counted as connection ($BACKEND_RANK)" ;;
            include/cormorant/*)
                public_name=${f#include/cormorant/}
                kind=public
                if [[ -n ${PUBLIC_RANK[$public_name]+set} ]]; then
                    rank=${PUBLIC_RANK[$public_name]}
                    what="public header of layer $(layer_of_rank "$rank") ($rank)"
                else
                    violation "$f:1" layers "public header not assigned to a layer; add it to PUBLIC_RANK in tests/layout/check_layout.sh"
                fi
                ;;
        esac

        while IFS=: read -r lineno path; do
            if [[ /$path/ == */../* ]]; then
                violation "$f:$lineno" layers "include \"$path\" climbs out with ../; include private headers by path from src/ and public ones as cormorant/..."
                continue
            fi
            if [[ $path == cormorant/* ]]; then
                rel=${path#cormorant/}
                if [[ -z ${PUBLIC_RANK[$rel]+set} ]]; then
                    violation "$f:$lineno" layers "includes \"$path\", a public header not assigned to a layer"
                elif [[ -n $rank && ${PUBLIC_RANK[$rel]} -gt $rank ]]; then
                    target=${PUBLIC_RANK[$rel]}
                    violation "$f:$lineno" layers "$what includes \"$path\" of higher layer $(layer_of_rank "$target") ($target); layers point one way, downward"
                fi
                continue
            fi
            first=${path%%/*}
            if [[ $path == */* && -n ${LAYER_RANK[$first]+set} ]]; then
                target=${LAYER_RANK[$first]}
                if [[ $kind == public ]]; then
                    violation "$f:$lineno" layers "public header includes private header \"$path\" of src/"
                elif [[ -n $rank && $target -gt $rank ]]; then
                    violation "$f:$lineno" layers "$what includes \"$path\" of higher layer $first ($target); layers point one way, downward"
                fi
                continue
            fi
            violation "$f:$lineno" layers "include \"$path\" is neither a private header by path from src/ (<layer>/...) nor a public header (cormorant/...)"
        done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" \
                     | sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/' || true)
    done

    # [sql-text]
    local -a sql_checked=()
    for f in "${files[@]}"; do
        case $f in
            src/sql/*) ;;
            src/*) sql_checked+=("$f") ;;
        esac
    done
    if [[ ${#sql_checked[@]} -gt 0 ]]; then
        local out
        out=$(awk -v keywords="$SQL_KEYWORDS" "$SQL_TEXT_AWK" "${sql_checked[@]}")
        if [[ -n $out ]]; then
            printf '%s\n' "$out"
            violations=$((violations + $(printf '%s\n' "$out" | wc -l)))
        fi
    fi

    printf 'layout: %d files checked, %d violations\n' "${#files[@]}" "$violations"
    [[ $violations -eq 0 ]]
}

# ---------------------------------------------------------------------------
# --self-test: plant one violation of each kind in a tiny fake tree and make
# sure the check reports it (and nothing else), and that the clean tree passes.

put() { # path; the content comes on stdin
    mkdir -p "$(dirname "$1")"
    cat >"$1"
}

make_clean_tree() {
    local layer
    for layer in "${LAYERS[@]}"; do
        put "src/$layer/README.md" <<<"The $layer layer."
    done

    put include/cormorant/value.hpp <<'EOF'
#pragma once
struct value {};
EOF
    put include/cormorant/sql.hpp <<'EOF'
#pragma once
#include "cormorant/value.hpp"
EOF
    put include/cormorant/detail/query_spec.hpp <<'EOF'
#pragma once
#include "cormorant/sql.hpp"
#include "cormorant/value.hpp"
EOF
    put include/cormorant/connection.hpp <<'EOF'
#pragma once
#include "cormorant/sql.hpp"
EOF
    put include/cormorant/database.hpp <<'EOF'
#pragma once
#include "cormorant/connection.hpp"
EOF
    put include/cormorant/tracking.hpp <<'EOF'
#pragma once
#include "cormorant/database.hpp"
EOF
    put include/cormorant/session.hpp <<'EOF'
#pragma once
#include "cormorant/tracking.hpp"
#include "cormorant/detail/query_spec.hpp"
#include <string>
EOF

    put src/metadata/names.hpp <<'EOF'
#pragma once
#include "cormorant/value.hpp"
inline const char* names_message = "cannot update a value";
EOF
    put src/sql/text.hpp <<'EOF'
#pragma once
#include "cormorant/sql.hpp"
#include "metadata/names.hpp"
EOF
    put src/sql/select_sql.cpp <<'EOF'
#include "sql/text.hpp"
const char* select_sql = "SELECT id FROM t WHERE id = ?";
const char* delete_sql = R"sql(
    DELETE FROM t
)sql";
EOF
    put src/connection/driver.hpp <<'EOF'
#pragma once
#include "cormorant/connection.hpp"
#include "sql/text.hpp"
EOF
    put src/connection/pool.cpp <<'EOF'
#include "connection/driver.hpp"
#include "metadata/names.hpp"
int pool_limit = 1'000; const char* pool_message = "pool is full"; // ' "BEGIN"
double pool_factor = 1.5e-3; unsigned pool_bits = 0xFF'FFu;
/* A block comment naming UPDATE, across
   two lines with "ROLLBACK" in it. */
EOF
    put src/unit_of_work/unit_of_work.hpp <<'EOF'
#pragma once
#include "connection/driver.hpp"
#include "cormorant/database.hpp"
#include "cormorant/tracking.hpp"
inline const char* uow_message = "DELETED rows: NOT_SELECTED, UPDATES pending";
EOF
    put src/session/session.cpp <<'EOF'
#include "cormorant/session.hpp"
#include "unit_of_work/unit_of_work.hpp"
#include "sql/SELECT.hpp"
// Flushes, then runs SELECT through the renderer.
const char quote = '"'; // INSERT here is a comment
const char* escaped = "one \" quote"; // UPDATE here is a comment
int renderer = 0; // The renderer writes "DELETE FROM t" for this.
const char* backslash = "ends in a backslash \\"; // DELETE here is a comment
const char* message = "update failed: the row changed since it was read";
EOF
    put backends/sqlite.cpp <<'EOF'
#include "connection/driver.hpp"
#include "cormorant/errors.hpp"
#include "sql/text.hpp"
#include <sqlite3.h>
const char* setup = "PRAGMA foreign_keys = ON";
const char* names = "SET NAMES utf8mb4";
EOF
    # errors.hpp is named by the backend above.
    put include/cormorant/errors.hpp <<<'#pragma once'
}

# Each case: a name, the output line it must produce (an extended regular
# expression), and a function planting the violation in a clean tree.
SELF_TEST_CASES=(
    "upward-include|^src/sql/x\.cpp:2: \[layers\] layer sql \(1\) includes \"session/y\.hpp\" of higher layer session"
    "public-header-upward|^include/cormorant/sql\.hpp:3: \[layers\] public header of layer sql \(1\) includes \"cormorant/database\.hpp\""
    "source-directly-in-src|^src/stray\.cpp:1: \[tree\] source file directly in src/"
    "layer-without-readme|^src/unit_of_work: \[tree\] layer folder has no README\.md"
    "select-in-session|^src/session/query\.cpp:2: \[sql-text\] .*keyword SELECT, FROM;"
    "unassigned-public-header|^include/cormorant/extra\.hpp:1: \[layers\] public header not assigned to a layer"
    "dotdot-include|^src/session/x\.cpp:1: \[layers\] include \"\.\./sql/text\.hpp\" climbs out"
    "folder-not-a-layer|^src/util: \[tree\] folder in src/ is not one of the five layers"
    "missing-layer-folder|^src/metadata: \[tree\] layer folder is missing"
    "backend-includes-unit-of-work|^backends/mysql\.cpp:2: \[layers\] backends/, counted as connection \(2\) includes \"unit_of_work/unit_of_work\.hpp\""
    "connection-includes-public-session|^src/connection/x\.cpp:1: \[layers\] layer connection \(2\) includes \"cormorant/session\.hpp\""
    "public-header-includes-private|^include/cormorant/tracking\.hpp:3: \[layers\] public header includes private header \"connection/driver\.hpp\""
    "include-not-rooted|^src/session/x\.cpp:1: \[layers\] include \"text\.hpp\" is neither"
    "include-unassigned-public|^src/session/x\.cpp:1: \[layers\] includes \"cormorant/nowhere\.hpp\", a public header not assigned"
    "slashes-inside-string|^src/unit_of_work/x\.cpp:1: \[sql-text\] .*keyword UPDATE;"
    "raw-string-across-lines|^src/connection/x\.cpp:3: \[sql-text\] .*keyword DELETE, FROM;"
    "escapes-before-keywords|^src/session/x\.hpp:1: \[sql-text\] .*keyword COMMIT, ROLLBACK, SAVEPOINT;"
    "prefixed-literal|^src/session/x\.cpp:1: \[sql-text\] .*keyword INSERT, INTO, VALUES;"
    "after-char-literal-and-separator|^src/metadata/x\.cpp:1: \[sql-text\] .*keyword ORDER;"
    "define-in-header|^src/unit_of_work/x\.hpp:2: \[sql-text\] .*keyword PRAGMA;"
)

plant_upward_include() {
    put src/sql/x.cpp <<<$'#include "sql/text.hpp"\n#include "session/y.hpp"'
}
plant_public_header_upward() {
    put include/cormorant/sql.hpp <<<$'#pragma once\n#include "cormorant/value.hpp"\n#include "cormorant/database.hpp"'
}
plant_source_directly_in_src() { put src/stray.cpp <<<'int stray = 0;'; }
plant_layer_without_readme() { rm src/unit_of_work/README.md; }
plant_select_in_session() {
    put src/session/query.cpp <<<$'#include "cormorant/session.hpp"\nconst char* q = "SELECT id FROM t";'
}
plant_unassigned_public_header() { put include/cormorant/extra.hpp <<<'#pragma once'; }
plant_dotdot_include() { put src/session/x.cpp <<<'#include "../sql/text.hpp"'; }
plant_folder_not_a_layer() { put src/util/README.md <<<'Odds and ends.'; }
plant_missing_layer_folder() { rm -r src/metadata; }
plant_backend_includes_unit_of_work() {
    put backends/mysql.cpp <<<$'#include "connection/driver.hpp"\n#include "unit_of_work/unit_of_work.hpp"'
}
plant_connection_includes_public_session() { put src/connection/x.cpp <<<'#include "cormorant/session.hpp"'; }
plant_public_header_includes_private() {
    put include/cormorant/tracking.hpp <<<$'#pragma once\n#include "cormorant/database.hpp"\n#include "connection/driver.hpp"'
}
plant_include_not_rooted() { put src/session/x.cpp <<<'#include "text.hpp"'; }
plant_include_unassigned_public() { put src/session/x.cpp <<<'#include "cormorant/nowhere.hpp"'; }
plant_slashes_inside_string() {
    put src/unit_of_work/x.cpp <<<'const char* u = "see http://example.org/ UPDATE";'
}
plant_raw_string_across_lines() {
    put src/connection/x.cpp <<<$'const char* r = R"sql(\n  -- fine\n  DELETE FROM t\n)sql"; // INSERT'
}
plant_escapes_before_keywords() {
    put src/session/x.hpp <<<'const char* e = "\nCOMMIT \x41 ROLLBACK\t\"SAVEPOINT\"";'
}
plant_prefixed_literal() {
    put src/session/x.cpp <<<'auto p = u8"INSERT INTO t VALUES (1)"; // SELECT'
}
plant_after_char_literal_and_separator() {
    put src/metadata/x.cpp <<<$'char a = \'\\\'\', b = \'"\'; int n = 1\'000; auto s = "by ORDER"; // JOIN'
}
plant_define_in_header() {
    put src/unit_of_work/x.hpp <<<$'#pragma once\n#define SETUP "PRAGMA x"'
}

self_test() {
    local self tmp
    self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064  # expand $tmp now
    trap "rm -rf '$tmp'" EXIT

    local failures=0 out rc count entry name expect dir
    run_case() { # dir; sets out and rc
        rc=0
        out=$(bash "$self" "$1" 2>&1) || rc=$?
    }

    dir=$tmp/clean
    mkdir -p "$dir"
    (cd "$dir" && make_clean_tree)
    run_case "$dir"
    if [[ $rc -eq 0 && $out =~ ^layout:\ [0-9]+\ files\ checked,\ 0\ violations$ ]]; then
        printf 'ok    clean tree passes (%s)\n' "$out"
    else
        printf 'FAIL  clean tree: exit %d, output:\n%s\n' "$rc" "$out"
        failures=$((failures + 1))
    fi

    for entry in "${SELF_TEST_CASES[@]}"; do
        name=${entry%%|*}
        expect=${entry#*|}
        dir=$tmp/$name
        mkdir -p "$dir"
        (cd "$dir" && make_clean_tree && "plant_${name//-/_}")
        run_case "$dir"
        count=$(printf '%s\n' "$out" | grep -c -v '^layout: ' || true)
        if [[ $rc -eq 1 && $count -eq 1 ]] && printf '%s\n' "$out" | grep -q -E -- "$expect"; then
            printf 'ok    %s is reported\n' "$name"
        else
            printf 'FAIL  %s: exit %d (want 1), %d violation lines (want 1), want a line matching\n      %s\n  got:\n%s\n' \
                "$name" "$rc" "$count" "$expect" "$out"
            failures=$((failures + 1))
        fi
    done

    if [[ $failures -gt 0 ]]; then
        printf 'layout self-test: %d of %d cases failed\n' "$failures" $((${#SELF_TEST_CASES[@]} + 1))
        return 1
    fi
    printf 'layout self-test: all %d cases passed\n' $((${#SELF_TEST_CASES[@]} + 1))
}

usage() {
    printf 'usage: %s PROJECT_ROOT | --self-test\n' "$(basename "$0")" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
    --self-test) self_test ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) check_tree "$1" ;;
esac
