# What bench/run.sh and bench/at_size.sh share: a temporary directory and the `serve`
# processes started here, both gone at the end whatever happens; fake AWS credentials and no
# AWS files; `serve`, `bulk` and `timed`. Sourced from the repository's root, with BIN set to
# the release binary before `serve` or `bulk` is called.

APP=5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$1"; }; }

tmp=$(mktemp -d)
servers=()
cleanup() { # SIGTERM, up to 10 s for a graceful stop, then SIGKILL
    local pid
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${servers[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fake credentials and no AWS files: nothing may reach AWS or the metadata service.
export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=$tmp/none AWS_SHARED_CREDENTIALS_FILE=$tmp/none \
    PINPOINT_CONSOLE_CONFIG_DIR=$tmp/config PINPOINT_CONSOLE_DATA_DIR=$tmp/data
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_PINPOINT

# Starts `serve` on a free loopback port and the database $1 (new or not); sets URL.
serve() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    URL=http://127.0.0.1:$port
    "$BIN" serve --addr "127.0.0.1:$port" --db "$1" >"$1.log" 2>&1 &
    servers+=($!)
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
        sleep 0.1
    done
    echo "serve did not start: $(cat "$1.log")" >&2
    exit 1
}

# `bulk` from the qa-ios example against $URL; prints its summary line, fails when it does.
bulk() {
    "$BIN" bulk assets/profiles/qa-ios.json --endpoint-url "$URL" "$@"
}
# Fields of a summary line `created or updated N endpoints in S s (R endpoints/s, K requests)`.
seconds() { sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$1"; }
per_second() { sed -E 's/.*\(([0-9]+) endpoints\/s.*/\1/' <<<"$1"; }

# The requests of a curl config ($1, one connection) timed: prints `N MEAN P50 P99 MAX` (ms);
# fails naming the operation ($2) when any answers other than 200.
timed() {
    curl -s -K "$1" -w '%{http_code} %{time_total}\n' >"$1.times"
    if grep -qv '^200 ' "$1.times"; then
        echo "$2 answered other than 200:" >&2
        grep -v '^200 ' "$1.times" | sort | uniq -c >&2
        exit 1
    fi
    python3 - "$1.times" <<'EOF'
import sys
ms = sorted(float(line.split()[1]) * 1000 for line in open(sys.argv[1]))
n = len(ms)
print(n, f"{sum(ms) / n:.2f}", f"{ms[n // 2]:.2f}", f"{ms[min(n - 1, int(n * 0.99))]:.2f}", f"{ms[-1]:.2f}")
EOF
}

# A line of a results table: a label, then what was measured.
row() { printf '%-58s %s\n' "$1" "$2"; }
