# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Source this file; do not run it.

CORMORANT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Debian packages needed to build the library, its tests, examples and benchmarks.
# shellcheck disable=SC2034 # used by the scripts that source this file
CORMORANT_BUILD_PACKAGES=(
    g++ cmake make
    libsoci-dev libboost1.81-dev catch2
    libsqlite3-dev libpq-dev libmariadb-dev
)
# Extra packages for the live tests (scripts/servers).
# shellcheck disable=SC2034
CORMORANT_SERVER_PACKAGES=(postgresql-15 mariadb-server mariadb-client)

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# ensure_packages PKG...: install the Debian packages that are not installed yet.
# The package lists are refreshed only when something is missing, and only once
# per run (the flag is exported so that child scripts see it too).
ensure_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    if ((EUID != 0)); then
        die "missing packages: ${missing[*]} (run as root to install them)"
    fi
    log "installing: ${missing[*]}"
    if [[ "${CORMORANT_APT_UPDATED:-}" != 1 ]]; then
        apt-get update || return
        export CORMORANT_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# configure_and_build DIR [CMAKE_ARG...]: configure the project into DIR and build it.
# Explicit returns keep failures visible even when called from an `if`, where
# `set -e` does not apply.
configure_and_build() {
    local dir="$1"
    shift
    cmake -S "$CORMORANT_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" || return
    cmake --build "$dir" -j"$(nproc)" || return
}
