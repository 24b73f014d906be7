#!/usr/bin/env bash
# Reads with 1,000,000 endpoints stored (issue 14), through `serve`, on this machine:
#   1. fill: a new database gets COUNT (default 1,000,000) endpoints of COUNT / 2 users (1 to 3
#      endpoints each, the qa-ios example with its own id, token, metrics and user) through
#      the store, in transactions of 10,000 (bench/fill_endpoints.rs); `serve` opens it.
#   2. latency: 1,000 GetEndpoint requests for random endpoints, then 1,000 GetUserEndpoints
#      for random users, each on one connection (curl); mean, p50, p99, max.
#   3. throughput: the same requests (random, wrk -d5s) from 1 client, then from 4 at once
#      (-t4 -c4), and the speed-up. Clients and server share the machine's cores.
#   4. GetEndpoint latency as in 2 while `bulk` writes 30,000 endpoints (4 requests at a
#      time) through the same serve; says whether the writes were still going when the reads
#      ended.
# Only loopback; every server and temporary file started here goes at the end.
# Usage: bench/at_size.sh   (SKIP_BUILD=1 uses target/release as it is; COUNT=N; BIN=PATH
# serves with another build of pinpoint-console)
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000000}
REQUESTS=1000

# shellcheck source=bench/lib.sh
source bench/lib.sh
need wrk
need curl

if [[ -z ${SKIP_BUILD:-} ]]; then
    cargo build --release --locked --quiet --bin pinpoint-console --example fill_endpoints
fi
BIN=${BIN:-$PWD/target/release/pinpoint-console}
FILL=$PWD/target/release/examples/fill_endpoints

echo "== (k) $COUNT endpoints stored: GetEndpoint and GetUserEndpoints through serve"
fill_line=$("$FILL" "$tmp/size.sqlite3" "$COUNT")
echo "  $fill_line"
serve "$tmp/size.sqlite3"

# Curl configs of REQUESTS random GetEndpoint ($1 = get) or GetUserEndpoints ($1 = user).
requests() {
    python3 - "$URL" "$APP" "$COUNT" "$REQUESTS" "$1" <<'PY'
import random, sys
url, app, count, requests, kind = sys.argv[1:]
count, requests = int(count), int(requests)
rng = random.Random(14 if kind == "get" else 15)
for _ in range(requests):
    if kind == "get":
        path = f"endpoints/qa-{rng.randrange(count):06}"
    else:
        path = f"users/qa-user-{rng.randrange(count // 2):06}"
    print(f'url = "{url}/v1/apps/{app}/{path}"\noutput = "/dev/null"')
PY
}
# Prints `mean M ms, p50 P ms, p99 Q ms, max X ms` for the curl config $1 ($2 names it).
latency() {
    local times n mean p50 p99 max
    times=$(timed "$1" "$2") || exit 1
    read -r n mean p50 p99 max <<<"$times"
    echo "mean $mean ms, p50 $p50 ms, p99 $p99 ms, max $max ms ($n requests)"
}
requests get >"$tmp/get.curl"
requests user >"$tmp/user.curl"
get_latency=$(latency "$tmp/get.curl" GetEndpoint)
echo "  GetEndpoint, one connection: $get_latency"
user_latency=$(latency "$tmp/user.curl" GetUserEndpoints)
echo "  GetUserEndpoints, one connection: $user_latency"

# wrk of random requests: $1 is the path's format (one %06d), $2 its range; each thread its
# own seed.
wrk_script() {
    cat <<LUA
local n = 0
setup = function(thread) thread:set("seed", n); n = n + 1 end
init = function(args) math.randomseed(14 + seed) end
request = function()
    return wrk.format("GET", string.format("/v1/apps/$APP/$1", math.random(0, $2 - 1)))
end
LUA
}
# Requests/s of wrk $@; fails on errors or answers other than 2xx.
rps() {
    local out
    out=$(wrk "$@")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
    awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out"
}
# `1 client R1 requests/s, 4 clients R4 requests/s (Sx)` for the wrk script $1.
speed_up() {
    local one four
    one=$(rps -t1 -c1 -d5s -s "$1" "$URL") || exit 1
    four=$(rps -t4 -c4 -d5s -s "$1" "$URL") || exit 1
    echo "1 client $one requests/s, 4 clients $four requests/s ($(awk -v a="$four" -v b="$one" 'BEGIN { printf "%.2fx", a / b }'))"
}
wrk_script 'endpoints/qa-%06d' "$COUNT" >"$tmp/get.lua"
wrk_script 'users/qa-user-%06d' "$((COUNT / 2))" >"$tmp/user.lua"
get_speed_up=$(speed_up "$tmp/get.lua")
echo "  GetEndpoint throughput: $get_speed_up"
user_speed_up=$(speed_up "$tmp/user.lua")
echo "  GetUserEndpoints throughput: $user_speed_up"

# Reads while a writer writes.
"$BIN" bulk assets/profiles/qa-ios.json --endpoint-url "$URL" --count 30000 \
    --endpoint-id 'w-{n}' --user-id 'w-user-{n}' --address 'w-{n}' >"$tmp/bulk.txt" &
bulk_pid=$!
sleep 0.5
during_latency=$(latency "$tmp/get.curl" "GetEndpoint during writes")
if kill -0 "$bulk_pid" 2>/dev/null; then still="bulk still writing when the reads ended"; else still="bulk ended before the reads did"; fi
wait "$bulk_pid"
echo "  GetEndpoint while bulk writes: $during_latency; $still"
echo "  bulk: $(cat "$tmp/bulk.txt")"

echo "== rows"
row "(k) fill $COUNT endpoints (bench/fill_endpoints.rs)" "$(sed -E 's/.* in ([0-9.]+ s \([0-9]+ endpoints\/s\)).*/\1/' <<<"$fill_line")"
row "    GetEndpoint, one connection" "$get_latency"
row "    GetUserEndpoints, one connection" "$user_latency"
row "    GetEndpoint, wrk 1 client / 4 clients" "$get_speed_up"
row "    GetUserEndpoints, wrk 1 client / 4 clients" "$user_speed_up"
row "    GetEndpoint while bulk writes 30,000" "$during_latency"
