#!/usr/bin/env bash
# Run the test suite against a real, throwaway PostgreSQL server.
#
#   scripts/test-postgres.sh [pytest arguments...]
#
# Finds PostgreSQL's server programs (installing Debian's `postgresql` package
# when missing and running as root), creates a cluster in a temporary
# directory, starts it on a free local port (never 5432), runs pytest with
# NEWSRADAR_TEST_DATABASE_URL pointing at it, then stops it and deletes the
# directory.  When no server can be started (not root and not installed, no
# apt-get, initdb fails) it says why and exits 0: the PostgreSQL half is
# skipped, not failed.  Set NEWSRADAR_REQUIRE_POSTGRES=1 to make that an error.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=${PYTEST:-.venv/bin/pytest}
PYTHON=${PYTHON:-.venv/bin/python}

skip() {
    echo "PostgreSQL tests SKIPPED: $*" >&2
    if [ "${NEWSRADAR_REQUIRE_POSTGRES:-0}" = 1 ]; then exit 1; fi
    exit 0
}

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null)
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ]; then
    if [ "$(id -u)" != 0 ]; then skip "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"; fi
    if ! command -v apt-get >/dev/null 2>&1; then skip "PostgreSQL is not installed and there is no apt-get to install it"; fi
    echo "Installing PostgreSQL from Debian's packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >/dev/null 2>&1; then
        apt-get update -q >/dev/null 2>&1
        apt-get install -y -q postgresql >/dev/null 2>&1 || skip "apt-get install postgresql failed"
    fi
    BINDIR=$(find_bindir) || skip "postgresql installed but initdb/pg_ctl not found"
fi

# As root the server must run as an unprivileged user: Debian's package creates `postgres`.
RUN=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || skip "running as root and there is no 'postgres' user to run the server as"
    RUN=(runuser -u postgres --)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsradar-pg.XXXXXX")
chmod 755 "$WORK"
DATA="$WORK/data"
mkdir -p "$DATA"
[ ${#RUN[@]} -gt 0 ] && chown -R postgres "$WORK"
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
    "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! "${RUN[@]}" "$BINDIR/initdb" -D "$DATA" -U newsradar --auth=trust --encoding=UTF8 --locale=C \
        >"$WORK/initdb.log" 2>&1; then
    cat "$WORK/initdb.log" >&2
    skip "initdb failed (see above)"
fi
# A throwaway server tuned for tests: durability off (the data dies with the run), room for many pools.
if ! "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DATA" -w -t 60 -l "$WORK/server.log" \
        -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB" start >/dev/null; then
    cat "$WORK/server.log" >&2
    skip "the PostgreSQL server did not start (see above)"
fi
"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U newsradar newsradar_test || skip "createdb failed"

echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT: running the suite against it" >&2
NEWSRADAR_TEST_DATABASE_URL="postgresql://newsradar@127.0.0.1:$PORT/newsradar_test" "$PYTEST" -q "$@"
