#!/usr/bin/env bash
# The whole-process measurements of issues 6 and 12 in one run, on this machine, with a table
# at the end (ratios where there is a comparison). The release binary is built once; every
# server, tmux server and temporary file started here goes at the end, whatever happens. Nothing
# leaves loopback; the AWS CLI gets fake credentials and no AWS files.
#
#   (a) bulk: 10,000 endpoints created with `bulk` against `serve` (the command's summary
#       line: elapsed, endpoints/s); the same command again (updates the same endpoints);
#       again with --concurrency 1.
#   (b) sandbox GetEndpoint and UpdateEndpoint requests/s under bounded concurrent load
#       (wrk -t2 -c16 -d5s, override with WRK_ARGS).
#   (c) `pinpoint-console get` beside `aws pinpoint get-endpoint`, whole process, same serve
#       (hyperfine, 3 warmups, 20 runs).
#   (d) console start to first frame, (e) its max RSS with the largest example loaded, (f) its
#       CPU while idle: bench/first_frame.sh.
#   (g) GetUserEndpoints latency against a serve holding 100,000 endpoints (50,000 users with
#       1 to 3 endpoints, filled with bulk): 200 requests for random users on one connection.
#   (h) bulk of 5,000 endpoints of the Amplify documentation's userInfo example (time zone
#       `Americas/Los_Angeles`, which gets a warning) beside the same with a valid zone.
#   (i) PutEvents through serve (new database): 200 requests of 100 events, 4 at a time
#       (bench/inapp_load.py; aim: 5,000 events/s at least).
#   (j) GetInAppMessages through serve (new database, filled by bench/inapp_load.py) for an
#       endpoint of an application with 200 in-app campaigns over 200 segments: 200 requests
#       on one connection (the store alone: `cargo bench --bench inapp`).
#   (k) GetEndpoint and GetUserEndpoints with 1,000,000 endpoints stored (filled through the
#       store by bench/fill_endpoints.rs): p50/p99 on one connection, requests/s from 1
#       client and from 4, and GetEndpoint while bulk writes: bench/at_size.sh.
#   (l) import of a Pinpoint export of 1,000,000 endpoints into a new sandbox database (wall
#       time, endpoints/s, peak RSS), the same file again, export of them (plain and gzip'd),
#       segments count over them, and the peak RSS of an import meeting a 100 MB line:
#       bench/import_export.sh (run it alone for these figures only).
#
# Usage: bench/run.sh   (takes a few minutes; not run in CI)
set -euo pipefail
cd "$(dirname "$0")/.."

WRK_ARGS=${WRK_ARGS:-"-t2 -c16 -d5s"}
ID=qa-ios-0001 # the endpoint of assets/profiles/qa-ios.json

# shellcheck source=bench/lib.sh
source bench/lib.sh
need wrk
need hyperfine
need curl
AWS=$(command -v aws || true)
if [[ -z $AWS ]]; then # the venv the tests use (tests/external_clients.rs)
    venv=target/tmp/aws-clients-venv
    [[ -x $venv/bin/aws ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q awscli boto3; }
    AWS=$PWD/$venv/bin/aws
fi

cargo build --release --locked --quiet --bin pinpoint-console --example fill_endpoints
BIN=$PWD/target/release/pinpoint-console

serve "$tmp/sb.sqlite3"
mkdir -p "$tmp/config"
printf 'default_target = "local"\n[targets.local]\nkind = "sandbox"\nendpoint_url = "%s"\n' "$URL" \
    >"$tmp/config/config.toml"

# ---- (a) 10,000 endpoints with bulk: created, updated by the same command, one request at a time
echo "== (a) bulk, 10,000 endpoints, against serve on $URL (new database)"
BULK=(--count 10000 --endpoint-id 'qa-{n}' --user-id 'qa-user-{n}' --address 'tok-{n}')
bulk_created=$(bulk "${BULK[@]}")
echo "  first run (creates):        $bulk_created"
bulk_updated=$(bulk "${BULK[@]}")
echo "  same command (updates):     $bulk_updated"
bulk_serial=$(bulk "${BULK[@]}" --concurrency 1)
echo "  again with --concurrency 1: $bulk_serial"

# ---- (h) the Amplify documentation's userInfo (time zone `Americas/Los_Angeles`, a warning)
# beside the same userInfo with `America/Los_Angeles`: a warning must cost nothing per item.
echo
echo "== (h) bulk, 5,000 endpoints of the Amplify docs' userInfo beside a clean one (3 runs each, alternating)"
docs_times=() clean_times=()
for run in 1 2 3; do
    for kind in docs clean; do
        file=bench/amplify-docs-userinfo.json
        [[ $kind == clean ]] && file=tests/fixtures/amplify-userinfo.json
        line=$("$BIN" bulk "$file" --endpoint-url "$URL" --count 5000 \
            --endpoint-id "$kind-{n}" --user-id "$kind-user-{n}" --address "$kind-{n}@example.com")
        echo "  $kind run $run: $line"
        if [[ $kind == docs ]]; then docs_times+=("$(seconds "$line")"); else clean_times+=("$(seconds "$line")"); fi
    done
done
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
docs_median=$(median3 "${docs_times[@]}")
clean_median=$(median3 "${clean_times[@]}")

# ---- (b) GetEndpoint and UpdateEndpoint requests/s under bounded concurrent load
echo
echo "== (b) wrk $WRK_ARGS on $URL ($(nproc) cores shared by wrk and the server)"
"$BIN" put assets/profiles/qa-ios.json >/dev/null # $ID
cat >"$tmp/put.lua" <<'EOF'
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"Address":"bench@example.com","ChannelType":"EMAIL","Attributes":{"plan":["premium"]},"Metrics":{"logins":42},"User":{"UserId":"bench-user"}}'
EOF
rps() { # requests/second from wrk's report; fails on errors or non-2xx answers
    local out
    out=$(wrk $WRK_ARGS "$@")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
    awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}
get_rps=$(rps "$URL/v1/apps/$APP/endpoints/$ID")
put_rps=$(rps -s "$tmp/put.lua" "$URL/v1/apps/$APP/endpoints/bench-0001")
echo "  GetEndpoint $get_rps requests/s, UpdateEndpoint $put_rps requests/s"

# ---- (c) `pinpoint-console get` beside `aws pinpoint get-endpoint`, whole process
echo
echo "== (c) hyperfine, GetEndpoint $ID from the same serve"
hyperfine -N --warmup 3 --runs 20 --style basic --export-json "$tmp/get.json" \
    -n "pinpoint-console get" "$BIN get $ID" \
    -n "aws pinpoint get-endpoint" "$AWS --endpoint-url $URL pinpoint get-endpoint --application-id $APP --endpoint-id $ID"

# ---- (g) GetUserEndpoints with 100,000 endpoints in the database
echo
serve "$tmp/100k.sqlite3"
echo "== (g) GetUserEndpoints, 100,000 endpoints in the database, serve on $URL"
# 50,000 users: every user gets endpoint a, the first 33,333 endpoint b, the first 16,667 c.
fill_elapsed=0
for part in a:50000 b:33333 c:16667; do
    line=$(bulk --count "${part#*:}" --endpoint-id "u{n}-${part%:*}" --user-id 'user-{n}' \
        --address "tok-{n}-${part%:*}")
    echo "  fill ${part%:*}: $line"
    fill_elapsed=$(awk -v a="$fill_elapsed" -v b="$(seconds "$line")" 'BEGIN { print a + b }')
done
python3 - "$URL" "$APP" >"$tmp/users.curl" <<'EOF'
import random, sys
url, app = sys.argv[1:]
rng = random.Random(6)
for _ in range(200):
    print(f'url = "{url}/v1/apps/{app}/users/user-{rng.randint(1, 50000)}"\noutput = "/dev/null"')
EOF
user_times=$(timed "$tmp/users.curl" GetUserEndpoints)
read -r user_n user_mean user_p50 user_p99 user_max <<<"$user_times"
echo "  $user_n requests (curl, one connection): mean $user_mean ms, p50 $user_p50 ms, p99 $user_p99 ms, max $user_max ms"

# ---- (i) PutEvents, (j) GetInAppMessages through serve, each on a new database
echo
serve "$tmp/events.sqlite3"
echo "== (i) PutEvents through serve on $URL (new database)"
events_line=$(python3 bench/inapp_load.py put-events "$URL" "$APP" 200 4)
echo "  200 requests of 100 events, 4 at a time: $events_line"
serve "$tmp/inapp.sqlite3"
echo "== (j) GetInAppMessages through serve on $URL (new database, 200 campaigns)"
inapp_fill=$(python3 bench/inapp_load.py fill-in-app "$URL" "$APP" 200)
echo "  $inapp_fill"
for _ in $(seq 200); do
    printf 'url = "%s/v1/apps/%s/endpoints/device/inappmessages"\noutput = "/dev/null"\n' "$URL" "$APP"
done >"$tmp/inapp.curl"
inapp_times=$(timed "$tmp/inapp.curl" GetInAppMessages)
read -r inapp_n inapp_mean inapp_p50 inapp_p99 inapp_max <<<"$inapp_times"
echo "  $inapp_n requests (curl, one connection): mean $inapp_mean ms, p50 $inapp_p50 ms, p99 $inapp_p99 ms, max $inapp_max ms"

# ---- (k) 1,000,000 endpoints stored: GetEndpoint and GetUserEndpoints, 1 and 4 clients
echo
SKIP_BUILD=1 bash bench/at_size.sh | tee "$tmp/at_size.txt"

# ---- (d), (e), (f) the console
echo
echo "== (d) (e) (f) the console: bench/first_frame.sh"
SKIP_BUILD=1 bash bench/first_frame.sh | tee "$tmp/console.txt"
frame_line=$(grep '^start to first frame' "$tmp/console.txt")
base_line=$(grep '^harness baseline' "$tmp/console.txt")
median() { sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$1"; }
rss_line=$(grep '^max RSS' "$tmp/console.txt")
idle_line=$(grep '^idle CPU' "$tmp/console.txt")

# ---- (l) import, export and segments count over 1,000,000 endpoints
echo
SKIP_BUILD=1 bash bench/import_export.sh | tee "$tmp/import-export.txt"

# ---- the table
echo
echo "== results ($(nproc) cores)"
row "(a) bulk 10,000, creating" "$(seconds "$bulk_created") s, $(per_second "$bulk_created") endpoints/s"
row "    same command again, updating" "$(seconds "$bulk_updated") s, $(per_second "$bulk_updated") endpoints/s ($(awk -v a="$(seconds "$bulk_updated")" -v b="$(seconds "$bulk_created")" 'BEGIN { printf "%.2fx", a / b }') the creating time)"
row "    updating with --concurrency 1" "$(seconds "$bulk_serial") s, $(per_second "$bulk_serial") endpoints/s (--concurrency 4 / 1: $(awk -v a="$(per_second "$bulk_updated")" -v b="$(per_second "$bulk_serial")" 'BEGIN { printf "%.2fx", a / b }') endpoints/s)"
row "(h) bulk 5,000, Amplify docs' userInfo (time zone warning)" "median $docs_median s"
row "    the same with a valid time zone" "median $clean_median s (docs / clean: $(awk -v a="$docs_median" -v b="$clean_median" 'BEGIN { printf "%.2fx", a / b }'), aim 1.5x at most)"
row "(b) GetEndpoint, wrk $WRK_ARGS" "$(printf '%.0f' "$get_rps") requests/s"
row "    UpdateEndpoint, wrk $WRK_ARGS" "$(printf '%.0f' "$put_rps") requests/s"
python3 - "$tmp/get.json" <<'EOF'
import json, sys
ours, aws = json.load(open(sys.argv[1]))["results"]
for label, r in (("(c) pinpoint-console get", ours), ("    aws pinpoint get-endpoint", aws)):
    print(f"{label:58} {r['mean'] * 1000:.1f} ms ± {r['stddev'] * 1000:.1f} ms (mean of {len(r['times'])})")
print(f"{'    ratio aws / pinpoint-console':58} {aws['mean'] / ours['mean']:.1f}x")
EOF
row "(d) console start to first frame, median" "$(median "$frame_line") ms (harness alone $(median "$base_line") ms)"
row "(e) console max RSS, largest example loaded" "$(sed -E 's/.*\): ([0-9.]+ MiB).*before loading it: ([0-9.]+ MiB)/\1 (\2 before loading it)/' <<<"$rss_line")"
row "(f) console CPU while idle ${IDLE:-5} s" "$(sed -E 's/.*utime\+stime ([0-9]+) ticks \(([0-9]+) ms.*/\1 ticks (\2 ms)/' <<<"$idle_line")"
row "(g) GetUserEndpoints, 100,000 endpoints, $user_n requests" "mean $user_mean ms, p99 $user_p99 ms, max $user_max ms (aim 5 ms / p99: $(awk -v p="$user_p99" 'BEGIN { printf "%.1fx", 5 / p }'))"
row "    filling it with bulk (3 runs)" "100,000 endpoints in ${fill_elapsed} s ($(awk -v s="$fill_elapsed" 'BEGIN { printf "%.0f", 100000 / s }') endpoints/s)"
row "(i) PutEvents, 200 x 100 events, 4 at a time" "$(sed -E 's/.*\(([0-9]+) events\/s.*/\1/' <<<"$events_line") events/s (aim 5,000)"
row "(j) GetInAppMessages, 200 campaigns, $inapp_n requests" "mean $inapp_mean ms, p50 $inapp_p50 ms, p99 $inapp_p99 ms, max $inapp_max ms"
sed -n '/^== rows/,$p' "$tmp/at_size.txt" | tail -n +2
sed -n '/^(l)/,$p' "$tmp/import-export.txt"
