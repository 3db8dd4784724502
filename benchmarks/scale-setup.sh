# Shared by benchmarks/reports and benchmarks/conversations (sourced, after scripts/lib.sh, with `port`
# set): the binary (SWITCHBOARD_BIN or the release build), a cluster in .data/bench-scale-postgres on
# BENCH_PG_PORT (54401) holding the data of benchmarks/generate — generated once and kept between runs,
# again with BENCH_FRESH=1 — the admin's token in `token`, `start_server`/`stop_server` (port `port`,
# log in `server_log`), and `load_before`. Stops the server and the cluster on exit.

pg_port=${BENCH_PG_PORT:-54401}
pg_dir=.data/bench-scale-postgres
results_dir=benchmarks/results
server_log=.data/bench-scale-server.log
base="http://127.0.0.1:$port"

ensure_packages postgresql curl python3 bc

server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    local status=$?
    stop_server
    stop_postgres_cluster "$pg_dir" || true
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${SWITCHBOARD_BIN:-}" ]; then
    bin=$(readlink -f "$SWITCHBOARD_BIN")
else
    ensure_packages libcurl4-openssl-dev ca-certificates
    swift build -c release --product switchboard --scratch-path .build-release
    bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/switchboard"
fi
[ -x "$bin" ] || die "no switchboard binary at $bin"

mkdir -p .data "$results_dir"
token_file=.data/bench-scale-token
if [ "${BENCH_FRESH:-0}" = 1 ] || [ ! -s "$token_file" ]; then
    rm -f "$token_file"
    remove_postgres_cluster "$pg_dir"
fi
ensure_postgres_cluster "$pg_dir" "$pg_port"
export DATABASE_URL="postgres://switchboard:switchboard@127.0.0.1:$pg_port/switchboard?sslmode=disable"
LOG_LEVEL=warning "$bin" migrate >/dev/null
generated=""
if [ ! -s "$token_file" ]; then
    bootstrap=$(LOG_LEVEL=warning "$bin" bootstrap --account Bench --email bench@example.org --json)
    generated=$(benchmarks/generate)
    printf '%s\n' "$generated"
    json_field token <<<"$bootstrap" >"$token_file"
fi
token=$(cat "$token_file")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

start_server() {
    LOG_LEVEL=warning "$bin" serve --host 127.0.0.1 --port "$port" >>"$server_log" 2>&1 &
    server_pid=$!
    wait_for_http "$base/health" 60 "$server_pid" || die "the server did not start (see $server_log)"
}
