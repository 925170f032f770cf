#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the tests and print, as the only line on
# stdout, `export TEST_DATABASE_URL=postgresql://...`.
#
#   out="$(bash .ci/start-postgres.sh)" && eval "$out"
#
# Run as root (CI and the dev machines are root). Idempotent: a second run
# finds the cluster already running and prints the same URL. The cluster is
# our own (under $PG_TEST_BASE, default /var/tmp/nagai-bot-postgres), on
# 127.0.0.1 and a free port, so it never disturbs a PostgreSQL that is already
# running on the machine (e.g. Debian's "main" cluster on 5432). It trades
# durability for speed (fsync off): test data only.
set -euo pipefail

BASE="${PG_TEST_BASE:-/var/tmp/nagai-bot-postgres}"
DATA="$BASE/data"
RUN="$BASE/run"
LOG="$BASE/server.log"
DB_NAME="nagai_bot_test"
DB_USER="nagai_bot"

say() { echo "start-postgres: $*" >&2; }

pg_bin_dir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; fi
}

if [[ -z "$(pg_bin_dir)" ]]; then
    say "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q postgresql >&2
fi
BIN="$(pg_bin_dir)"
[[ -n "$BIN" ]] || { say "no PostgreSQL server binaries found"; exit 1; }

as_postgres() { runuser -u postgres -- "$@"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$BASE" "$RUN"
chown postgres:postgres "$BASE" "$RUN"
chmod 700 "$BASE"

if [[ ! -f "$BASE/password" ]]; then
    (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$BASE/password")
fi
PASSWORD="$(cat "$BASE/password")"

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    say "initializing a cluster in $DATA"
    rm -rf "$DATA"
    as_postgres "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-locale \
        --auth-local=peer --auth-host=scram-sha-256 --no-sync >&2
    cat >> "$DATA/postgresql.conf" <<EOF
# nagai-bot test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
fi

answers_within() {  # PORT HALF_SECONDS
    for _ in $(seq 1 "$2"); do
        "$BIN/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
        sleep 0.5
    done
    return 1
}

# A server killed without shutting down (e.g. when a session ended) leaves
# postmaster.pid and the socket's lock file behind. If the pid in them is
# gone, a zombie or not PostgreSQL, they are stale and would block the start.
is_live_postgres() {
    [[ -d "/proc/$1" ]] && [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == postgres ]] \
        && ! awk '{exit !($3 == "Z")}' "/proc/$1/stat" 2>/dev/null
}

drop_stale_lock_files() {
    local file pid
    for file in "$DATA/postmaster.pid" "$RUN"/.s.PGSQL.*.lock; do
        [[ -f "$file" ]] || continue
        pid="$(head -n 1 "$file" 2>/dev/null | tr -d ' -')"
        if [[ -n "$pid" ]] && ! is_live_postgres "$pid"; then
            say "removing stale ${file##*/} (pid $pid)"
            rm -f "$file"
        fi
    done
}

drop_stale_lock_files  # before pg_ctl, which would trust (and signal) that pid
PORT=""
if [[ -f "$BASE/port" ]] && as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT="$(cat "$BASE/port")"
    if answers_within "$PORT" 20; then
        say "already running on port $PORT"
    else
        say "registered as running but not answering; restarting"
        as_postgres "$BIN/pg_ctl" -D "$DATA" stop -m immediate -w -t 20 >&2 || true
        PORT=""
    fi
fi
if [[ -z "$PORT" ]]; then
    # Keep the last port if it is still free, so the URL stays the same.
    PORT="$(cat "$BASE/port" 2>/dev/null || echo 54329)"
    while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
    echo "$PORT" > "$BASE/port"
    say "starting on 127.0.0.1:$PORT"
    as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -o "-p $PORT" -w -t 60 start >&2 \
        || { tail -n 30 "$LOG" >&2 || true; exit 1; }
    answers_within "$PORT" 60 || { say "server does not answer"; tail -n 30 "$LOG" >&2; exit 1; }
fi
"$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" >&2

psql_admin() {
    as_postgres "$BIN/psql" -h "$RUN" -p "$PORT" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 -qAt "$@"
}

psql_admin -v user="$DB_USER" -v password="$PASSWORD" >&2 <<'EOF'
SELECT format(
    CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = :'user')
         THEN 'ALTER ROLE %I WITH LOGIN PASSWORD %L'
         ELSE 'CREATE ROLE %I WITH LOGIN PASSWORD %L' END,
    :'user', :'password') \gexec
EOF
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]]; then
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi

echo "export TEST_DATABASE_URL=postgresql://$DB_USER:$PASSWORD@127.0.0.1:$PORT/$DB_NAME"
