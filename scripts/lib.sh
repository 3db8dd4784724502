# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test. Source it; do not execute it.
#
# Everything here works on a fresh Debian 12 machine that has only Swift and apt-get, run as root
# or as a user with sudo, and is safe under `set -euo pipefail`.

# --- logging ---------------------------------------------------------------------------------

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf '==> warning: %s\n' "$*" >&2; }
die() {
    printf '==> error: %s\n' "$*" >&2
    exit 1
}

_sb_is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
_sb_as_root() {
    if _sb_is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for: $* (run as root or install sudo)"
    fi
}

# --- Debian packages -------------------------------------------------------------------------

_SB_APT_UPDATED=${_SB_APT_UPDATED:-0}

# ensure_packages PKG... — installs the Debian packages that are not installed yet.
ensure_packages() {
    local missing=() pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    log "installing Debian packages: ${missing[*]}"
    if [ "$_SB_APT_UPDATED" != 1 ]; then
        _sb_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        _SB_APT_UPDATED=1
    fi
    _sb_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- PostgreSQL ------------------------------------------------------------------------------
#
# A private cluster for development and tests, owned by this checkout and reached on loopback only:
#   - server binaries come from the newest /usr/lib/postgresql/<major>/bin (not from PATH);
#   - as root, the cluster runs as the `postgres` system user (PostgreSQL refuses to run as root);
#   - the unix socket lives inside the data directory, so /var/run is never needed;
#   - the socket trusts local connections (the superuser is `postgres`), TCP on 127.0.0.1 asks
#     for a password (SCRAM), just as a real deployment would.

# Prints the bin directory of the newest installed PostgreSQL major version.
_sb_pg_bindir() {
    local dir best="" best_major=0 major
    for dir in /usr/lib/postgresql/*/bin; do
        if [ ! -x "$dir/initdb" ] || [ ! -x "$dir/pg_ctl" ]; then continue; fi
        major=$(basename "$(dirname "$dir")")
        major=${major%%.*}
        [[ "$major" =~ ^[0-9]+$ ]] || continue
        if [ "$major" -gt "$best_major" ]; then
            best_major=$major
            best=$dir
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

# Runs a command as the user that owns the cluster, from a directory that user can read.
_sb_pg_run() {
    if _sb_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Prints the real data directory for DIR. As root, the `postgres` user must be able to reach it;
# when DIR sits under a directory it cannot traverse (a checkout under /root, say), the cluster
# lives in /var/tmp/switchboard-postgres/<hash> instead and DIR becomes a symlink to it.
_sb_pg_datadir() {
    local dir=$1 real
    if [ -L "$dir" ]; then
        real=$(readlink -f "$dir")
        if [ ! -d "$real" ]; then
            mkdir -p "$real"
            if _sb_is_root; then chown postgres:postgres "$real"; fi
            chmod 700 "$real"
        fi
        printf '%s\n' "$real"
        return 0
    fi
    mkdir -p "$dir"
    dir=$(readlink -f "$dir")
    if _sb_is_root; then
        chown postgres:postgres "$dir"
        if ! (cd / && runuser -u postgres -- test -x "$dir/."); then
            real=/var/tmp/switchboard-postgres/$(printf '%s' "$dir" | sha1sum | cut -c1-12)
            log "user postgres cannot reach $dir; keeping the cluster in $real"
            mkdir -p "$real"
            chmod 755 /var/tmp/switchboard-postgres
            chown postgres:postgres "$real"
            chmod 700 "$real"
            rmdir "$dir" 2>/dev/null || die "$dir is not empty and user postgres cannot reach it"
            ln -s "$real" "$dir"
            printf '%s\n' "$real"
            return 0
        fi
    fi
    printf '%s\n' "$dir"
}

# Prints the socket directory for a data directory: the data directory itself, unless its path
# is too long for a unix socket (about 107 bytes), then a short directory under /tmp.
_sb_pg_sockdir() {
    local datadir=$1 port=$2 sock
    if [ "$((${#datadir} + 16))" -lt 100 ]; then
        printf '%s\n' "$datadir"
        return 0
    fi
    sock=/tmp/switchboard-pg-$(printf '%s' "$datadir" | sha1sum | cut -c1-12)
    mkdir -p "$sock"
    if _sb_is_root; then chown postgres:postgres "$sock"; fi
    chmod 700 "$sock"
    printf '%s\n' "$sock"
}

_sb_pg_locale() {
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        echo C.UTF-8
    else
        echo C
    fi
}

# ensure_postgres_cluster DIR PORT — creates (if needed) and starts a private cluster in DIR on
# 127.0.0.1:PORT with role and database `switchboard`, and exports DATABASE_URL for it.
ensure_postgres_cluster() {
    local dir=${1:?ensure_postgres_cluster DIR PORT} port=${2:?ensure_postgres_cluster DIR PORT}
    local bindir datadir sockdir locale running_port

    bindir=$(_sb_pg_bindir) || {
        ensure_packages postgresql
        bindir=$(_sb_pg_bindir) || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
    }
    [ -x "$bindir/psql" ] || die "psql not found in $bindir"
    datadir=$(_sb_pg_datadir "$dir")
    sockdir=$(_sb_pg_sockdir "$datadir" "$port")

    if [ ! -f "$datadir/PG_VERSION" ]; then
        locale=$(_sb_pg_locale)
        log "creating PostgreSQL cluster in $dir ($("$bindir/postgres" --version | awk '{print $3}'), locale $locale)"
        _sb_pg_run "$bindir/initdb" -D "$datadir" -U postgres --encoding=UTF8 --locale="$locale" \
            --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$datadir.initdb.log" 2>&1 || {
            cat "$datadir.initdb.log" >&2
            die "initdb failed for $dir"
        }
        rm -f "$datadir.initdb.log"
    fi

    if _sb_pg_run "$bindir/pg_ctl" status -D "$datadir" >/dev/null 2>&1; then
        running_port=$(sed -n 4p "$datadir/postmaster.pid" 2>/dev/null || true)
        if [ -n "$running_port" ] && [ "$running_port" != "$port" ]; then
            warn "the cluster in $dir is already running on port $running_port; using that port"
            port=$running_port
            sockdir=$(sed -n 5p "$datadir/postmaster.pid")
        fi
    else
        log "starting PostgreSQL on 127.0.0.1:$port (log: $dir/server.log)"
        _sb_pg_run "$bindir/pg_ctl" start -D "$datadir" -w -t 60 -l "$datadir/server.log" \
            -o "-c listen_addresses=127.0.0.1 -p $port -k '$sockdir'" >/dev/null || {
            tail -n 30 "$datadir/server.log" >&2 || true
            die "PostgreSQL did not start on 127.0.0.1:$port"
        }
    fi

    local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$port" -U postgres -d postgres)
    if [ -z "$("${psql[@]}" -At -c "SELECT 1 FROM pg_roles WHERE rolname = 'switchboard'")" ]; then
        "${psql[@]}" -c "CREATE ROLE switchboard SUPERUSER LOGIN PASSWORD 'switchboard'"
    fi
    if [ -z "$("${psql[@]}" -At -c "SELECT 1 FROM pg_database WHERE datname = 'switchboard'")" ]; then
        "${psql[@]}" -c "CREATE DATABASE switchboard OWNER switchboard ENCODING 'UTF8'"
    fi

    export DATABASE_URL="postgres://switchboard:switchboard@127.0.0.1:$port/switchboard"
    export SWITCHBOARD_PG_BINDIR=$bindir
}

# stop_postgres_cluster DIR — stops the cluster in DIR if it is running.
stop_postgres_cluster() {
    local dir=${1:?stop_postgres_cluster DIR} bindir datadir
    [ -e "$dir" ] || return 0
    bindir=$(_sb_pg_bindir) || return 0
    datadir=$(readlink -f "$dir")
    [ -f "$datadir/PG_VERSION" ] || return 0
    if _sb_pg_run "$bindir/pg_ctl" status -D "$datadir" >/dev/null 2>&1; then
        log "stopping PostgreSQL in $dir"
        _sb_pg_run "$bindir/pg_ctl" stop -D "$datadir" -m fast -w -t 60 >/dev/null
    fi
}

# remove_postgres_cluster DIR — stops the cluster in DIR and deletes its data.
remove_postgres_cluster() {
    local dir=${1:?remove_postgres_cluster DIR}
    stop_postgres_cluster "$dir"
    if [ -L "$dir" ]; then
        rm -rf "$(readlink -f "$dir")"
    fi
    rm -rf "$dir"
}

# --- Python ----------------------------------------------------------------------------------

# ensure_python_venv DIR REQUIREMENT... — a virtualenv in DIR with the given pip requirements
# (e.g. "schemathesis>=4,<5") installed; installs only what is missing or out of range.
ensure_python_venv() {
    local dir=${1:?ensure_python_venv DIR REQUIREMENT...}
    shift
    local py
    if [ ! -x "$dir/bin/python" ] || ! "$dir/bin/python" -c 'import pip' >/dev/null 2>&1; then
        rm -rf "$dir"
        py=$(command -v python3 || true)
        if [ -z "$py" ] || ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            ensure_packages python3 python3-venv
            py=/usr/bin/python3
        fi
        log "creating Python virtualenv in $dir"
        if ! "$py" -m venv "$dir" >/dev/null 2>&1; then
            rm -rf "$dir"
            ensure_packages python3 python3-venv
            /usr/bin/python3 -m venv "$dir" || die "could not create a Python virtualenv in $dir"
        fi
    fi
    [ "$#" -gt 0 ] || return 0

    local missing=() req
    for req in "$@"; do
        "$dir/bin/python" - "$req" >/dev/null 2>&1 <<'PY' || missing+=("$req")
import sys
from importlib.metadata import version
from pip._vendor.packaging.requirements import Requirement

req = Requirement(sys.argv[1])
sys.exit(0 if req.specifier.contains(version(req.name), prereleases=True) else 1)
PY
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    log "installing Python packages into $dir: ${missing[*]}"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$dir/bin/python" -m pip install -q "${missing[@]}"
}

# --- HTTP ------------------------------------------------------------------------------------

# wait_for_http URL TIMEOUT_SECONDS [PID] — waits until URL answers 200; fails after the timeout,
# or as soon as process PID (the server being waited for) has exited.
wait_for_http() {
    local url=${1:?wait_for_http URL TIMEOUT [PID]} timeout=${2:?wait_for_http URL TIMEOUT [PID]}
    local pid=${3:-} code deadline
    ensure_packages curl
    deadline=$((SECONDS + timeout))
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            printf '==> error: the server exited before %s answered 200\n' "$url" >&2
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            printf '==> error: %s did not answer 200 within %ss (last status: %s)\n' \
                "$url" "$timeout" "${code:-none}" >&2
            return 1
        fi
        sleep 0.5
    done
}

# --- JSON ------------------------------------------------------------------------------------

# json_field NAME — reads a JSON object on stdin (the last line starting with `{`) and prints the
# value of its top-level field NAME; uses python3 when there is one, sed otherwise.
json_field() {
    local name=${1:?json_field NAME} json
    json=$(grep '^[[:space:]]*{' | tail -n 1 || true)
    [ -n "$json" ] || return 1
    if command -v python3 >/dev/null 2>&1; then
        printf '%s' "$json" | python3 -c '
import json, sys
value = json.load(sys.stdin).get(sys.argv[1])
if value is None:
    sys.exit(1)
print(value)' "$name"
    else
        printf '%s' "$json" |
            sed -n -e "s/.*\"$name\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" \
                -e "t" -e "s/.*\"$name\"[[:space:]]*:[[:space:]]*\\([0-9][0-9]*\\).*/\\1/p" | grep .
    fi
}

# cpu_seconds PID... — CPU time (user + system, in seconds) the processes have used so far. Benchmarks
# on a shared machine report CPU per request beside wall-clock throughput: other load stretches the
# latter but hardly the former, so two binaries can still be compared.
cpu_seconds() {
    local ticks
    ticks=$(getconf CLK_TCK)
    for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
        awk -v hz="$ticks" '{ sub(/^.*\) /, ""); total += $12 + $13 } END { printf "%.2f\n", total / hz }'
}

# cluster_cpu_seconds DIR — CPU time the whole PostgreSQL cluster in DIR has used so far: the
# postmaster, its live processes, and (through the postmaster's children's times) every backend that
# has exited, such as pgbench's connections.
cluster_cpu_seconds() {
    local master
    master=$(head -n 1 "$(_sb_pg_datadir "${1:?cluster_cpu_seconds DIR}")/postmaster.pid")
    # The live processes' own time, plus the children's times the postmaster has collected (fields 16
    # and 17 of its stat: 14 and 15 once the pid and name are cut off).
    sed 's/^.*) //' "/proc/$master/stat" | awk -v own="$(cpu_seconds $(postgres_pids "$1"))" -v hz="$(getconf CLK_TCK)" \
        '{ printf "%.2f\n", own + ($14 + $15) / hz }'
}

# postgres_pids DIR — the postmaster of the cluster in DIR and every process it started.
postgres_pids() {
    local master
    master=$(head -n 1 "$(_sb_pg_datadir "${1:?postgres_pids DIR}")/postmaster.pid")
    printf '%s\n' "$master"
    pgrep -P "$master" || true
}
