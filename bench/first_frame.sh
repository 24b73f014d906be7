#!/usr/bin/env bash
# Console start-up, memory and idle cost, measured on this machine in one run:
#   1. the time from starting the release binary to its first frame: the pane writes a
#      nanosecond timestamp and execs the binary; a tight loop polls `tmux capture-pane`
#      until the header ("pinpoint-console") shows. RUNS runs (default 10), each with fresh
#      config and data directories (so the sandbox database is created on the way), in one
#      tmux server started beforehand (its start-up is not counted); min and median.
#   2. the console's memory with the largest example loaded: a profile with 250 names (150
#      attributes, 50 metrics, 50 user attributes) just under the 15 KB limit goes into its
#      profiles directory (imported, so validated); once the console is connected to its
#      built-in sandbox, ctrl+o, the profile's name and Enter load it, and when "loaded
#      profile" shows, max RSS (VmHWM in /proc/PID/status) is read, beside the same figure
#      before loading.
#   3. the CPU that same console uses while idle, the largest profile on screen: utime+stime
#      of the process from /proc/PID/stat (includes threads that ended) and the CPU time and
#      context switches of its live threads (/proc/PID/task/*/schedstat, status) over IDLE
#      seconds (default 5). Expected: ~0.
# Only loopback; the tmux server and the temporary directories go at the end.
# Usage: bench/first_frame.sh   (SKIP_BUILD=1 uses target/release as it is)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
IDLE=${IDLE:-5}
COLS=120
ROWS=40

command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux; }
[[ -n ${SKIP_BUILD:-} ]] || cargo build --release --locked --quiet --bin pinpoint-console
BIN=$PWD/target/release/pinpoint-console

tmp=$(mktemp -d)
t() { tmux -S "$tmp/tmux.sock" -f /dev/null "$@"; }
cleanup() {
    t kill-server 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# The console's environment: its own files, never the AWS chain or the metadata service.
console() { # $1: home dir
    echo "exec env -u AWS_PROFILE -u AWS_REGION -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_PINPOINT" \
        "PINPOINT_CONSOLE_CONFIG_DIR=$1/config PINPOINT_CONSOLE_DATA_DIR=$1/data" \
        "AWS_EC2_METADATA_DISABLED=true $BIN"
}

# Waits (at most 10 s) until the pane of session $1 shows $2.
wait_for() {
    local deadline=$((SECONDS + 10))
    until t capture-pane -p -t "$1" | grep -qF -- "$2"; do
        ((SECONDS < deadline)) || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
    done
}

t new-session -d -s keep -x "$COLS" -y "$ROWS" "sleep 600"
t set-option -g escape-time 0

# 1. Start to first frame. `measure NAME COMMAND-FOR-HOME` fills `times` (microseconds).
measure() {
    times=()
    local i home start end pid
    for i in $(seq 1 "$RUNS"); do
        home=$tmp/$1$i
        mkdir -p "$home"
        t new-session -d -s "$1$i" -x "$COLS" -y "$ROWS" \
            "date +%s%N > $home/start; $($2 "$home")"
        wait_for "$1$i" "pinpoint-console"
        end=$(date +%s%N)
        start=$(cat "$home/start")
        times+=("$(((end - start) / 1000))")
        pid=$(t display-message -p -t "$1$i" '#{pane_pid}')
        t kill-session -t "$1$i" # SIGHUP: the console quits
        for _ in $(seq 100); do [[ -e /proc/$pid ]] || break; sleep 0.05; done
        sleep 0.5 # let the machine settle before the next start
    done
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }
summary() { # $1: what
    local sorted median
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    median=${sorted[$((RUNS / 2))]}
    if ((RUNS % 2 == 0)); then median=$(((sorted[RUNS / 2 - 1] + sorted[RUNS / 2]) / 2)); fi
    echo "$1, $RUNS runs: min $(ms "${sorted[0]}"), median $(ms "$median"), max $(ms "${sorted[$((RUNS - 1))]}")"
    echo "  all (ms): $(for us in "${times[@]}"; do awk -v us="$us" 'BEGIN { printf "%.1f ", us / 1000 }'; done)"
}
# What the harness itself costs: a shell that prints the header text at once.
echo_header() { echo "exec sh -c 'echo pinpoint-console; sleep 30'"; }
measure base echo_header
summary "harness baseline (sh printing the header text, same tmux polling)"
measure run console
summary "start to first frame (release build, tmux ${COLS}x${ROWS}, fresh config/data dirs)"

# 2. Memory with the largest example loaded.
home=$tmp/idle
bytes=$(python3 bench/largest_profile.py 2>&1 >"$tmp/largest.json")
PINPOINT_CONSOLE_CONFIG_DIR=$home/config PINPOINT_CONSOLE_DATA_DIR=$home/data \
    "$BIN" profiles import "$tmp/largest.json" --name largest >/dev/null
t new-session -d -s idle -x "$COLS" -y "$ROWS" "$(console "$home")"
wait_for idle "connected to \`sandbox\`"
pid=$(t display-message -p -t idle '#{pane_pid}') # exec: the pane's process is the console
status_kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f MiB", kib / 1024 }'; }
hwm_before=$(status_kib VmHWM)
t send-keys -t idle C-o
wait_for idle "largest"
t send-keys -t idle -l largest
t send-keys -t idle Enter
wait_for idle "loaded profile \`largest\`"
sleep 1 # the frames that follow are drawn
echo "max RSS (VmHWM) with the largest example loaded (250 names, ~$bytes bytes of request JSON):" \
    "$(mib "$(status_kib VmHWM)") (RSS now $(mib "$(status_kib VmRSS)"));" \
    "before loading it: $(mib "$hwm_before")"

# 3. Idle CPU, on the same console.
hz=$(getconf CLK_TCK)
ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'; }
sched_ns() { cat /proc/"$pid"/task/*/schedstat | awk '{ s += $1 } END { print s }'; }
switches() {
    cat /proc/"$pid"/task/*/status |
        awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'
}
t0=$(ticks) s0=$(sched_ns) c0=$(switches)
sleep "$IDLE"
t1=$(ticks) s1=$(sched_ns) c1=$(switches)
threads=$(ls /proc/"$pid"/task | wc -l)
echo "idle CPU over ${IDLE} s (console connected to its sandbox, largest profile loaded, no input):" \
    "utime+stime $((t1 - t0)) ticks ($(((t1 - t0) * 1000 / hz)) ms at $hz Hz);" \
    "live threads ($threads): $(awk -v ns=$((s1 - s0)) 'BEGIN { printf "%.3f ms", ns / 1e6 }') CPU," \
    "$((c1 - c0)) context switches"
echo "  ps: $(ps -o time=,etime= -p "$pid" | awk '{ print "TIME " $1 ", ELAPSED " $2 }')"
