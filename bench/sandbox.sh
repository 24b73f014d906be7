#!/usr/bin/env bash
# Sandbox benchmark, measured on this machine in one run:
#   1. GetEndpoint requests/second against `pinpoint-console serve` (wrk, loopback)
#   2. UpdateEndpoint requests/second (wrk with a PUT body from a small Lua script)
#   3. whole-process time of `pinpoint-console get ID` beside `aws pinpoint get-endpoint`
#      for the same endpoint (hyperfine, with warmup), and their ratio.
# The server runs the release build on a temporary database and is stopped at the end.
# Load: wrk -t2 -c16 -d5s (override with WRK_ARGS). Nothing leaves loopback.
# Usage: bench/sandbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WRK_ARGS=${WRK_ARGS:-"-t2 -c16 -d5s"}
APP=5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c
ID=qa-ios-0001

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$1"; }; }
need wrk
need hyperfine
AWS=$(command -v aws || true)
if [[ -z $AWS ]]; then # the venv the tests use (tests/external_clients.rs)
    venv=target/tmp/aws-clients-venv
    [[ -x $venv/bin/aws ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q awscli boto3; }
    AWS=$PWD/$venv/bin/aws
fi

cargo build --release --locked --quiet
BIN=$PWD/target/release/pinpoint-console

tmp=$(mktemp -d)
server=
cleanup() {
    if [[ -n $server ]]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# Fake credentials and no AWS files: nothing may reach AWS or the metadata service.
export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=$tmp/none AWS_SHARED_CREDENTIALS_FILE=$tmp/none \
    PINPOINT_CONSOLE_CONFIG_DIR=$tmp/config PINPOINT_CONSOLE_DATA_DIR=$tmp/data
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_PINPOINT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$port
"$BIN" serve --addr "127.0.0.1:$port" --db "$tmp/sb.sqlite3" >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done

mkdir -p "$tmp/config"
printf 'default_target = "local"\n[targets.local]\nkind = "sandbox"\nendpoint_url = "%s"\n' "$URL" \
    >"$tmp/config/config.toml"
"$BIN" put assets/profiles/qa-ios.json >/dev/null # seeds $ID

cat >"$tmp/put.lua" <<'EOF'
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"Address":"bench@example.com","ChannelType":"EMAIL","Attributes":{"plan":["premium"]},"Metrics":{"logins":42},"User":{"UserId":"bench-user"}}'
EOF

rps() { # prints requests/second from wrk's report; fails on errors or non-2xx answers
    local out
    out=$(wrk $WRK_ARGS "$@")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
    awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}
echo "load: wrk $WRK_ARGS on $URL ($(nproc) cores shared by wrk and the server)"
get_rps=$(rps "$URL/v1/apps/$APP/endpoints/$ID")
put_rps=$(rps -s "$tmp/put.lua" "$URL/v1/apps/$APP/endpoints/bench-0001")

hyperfine -N --warmup 3 --runs 20 --style basic --export-json "$tmp/h.json" \
    -n "pinpoint-console get" "$BIN get $ID" \
    -n "aws pinpoint get-endpoint" "$AWS --endpoint-url $URL pinpoint get-endpoint --application-id $APP --endpoint-id $ID"

echo
echo "== results"
printf '(1) GetEndpoint     %10.0f requests/s\n' "$get_rps"
printf '(2) UpdateEndpoint  %10.0f requests/s\n' "$put_rps"
python3 - "$tmp/h.json" <<'EOF'
import json, sys
ours, aws = json.load(open(sys.argv[1]))["results"]
for label, r in (("pinpoint-console get", ours), ("aws pinpoint get-endpoint", aws)):
    print(f"(3) {label:26} {r['mean'] * 1000:8.1f} ms ± {r['stddev'] * 1000:.1f} ms (mean of {len(r['times'])})")
print(f"    ratio aws / pinpoint-console: {aws['mean'] / ours['mean']:.1f}x")
EOF
