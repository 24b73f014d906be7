#!/usr/bin/env bash
# Issue 14's figures, whole process, with the release binary:
#
#   - `import` of a Pinpoint export of N endpoints (bench/gen_export.py: EndpointResponse
#     JSON lines, random UUIDs for ids, users of 1 to 3 endpoints one after the other) into a
#     new sandbox database: wall time, endpoints/s, peak RSS (aim: 1,000,000 in under 20 s,
#     under 200 MB);
#   - the same file again (every endpoint updated in place);
#   - `export` of the N endpoints to a file: wall time, endpoints/s, MB (aim: under 10 s);
#     and `export --gzip`;
#   - `segments count` over the N endpoints (aim: under 1 s), for a segment by attribute and
#     one of two groups; the first page of `segments members`; `export --segment`;
#   - the same endpoints in random order into a new database (a user's endpoints apart);
#   - `import` of a file holding one 100 MB line between two endpoints: its peak RSS (the
#     line is skipped to its end, never held).
#
# Usage: bench/import_export.sh [N]   (default 1000000; SKIP_BUILD=1 uses the binary built,
#        BIN=path another)
# Needs about 4 GB of free disk under ${TMPDIR:-/tmp} for N = 1,000,000.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
[[ -n ${SKIP_BUILD:-} ]] || cargo build --release --locked --quiet --bin pinpoint-console
BIN=${BIN:-$PWD/target/release/pinpoint-console}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export AWS_EC2_METADATA_DISABLED=true PINPOINT_CONSOLE_CONFIG_DIR=$tmp/config \
    PINPOINT_CONSOLE_DATA_DIR=$tmp/data PINPOINT_CONSOLE_OUTPUT=json
unset PINPOINT_CONSOLE_LOG

# Runs "$@" under /usr/bin/time -v with its stdout in $tmp/out.json; sets SECONDS_TAKEN and
# RSS_MIB. A failing command fails the script with its stderr.
measure() {
    if ! /usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/out.json" 2>"$tmp/err.txt"; then
        echo "failed: $* ($(head -c 2000 "$tmp/err.txt"))" >&2
        exit 1
    fi
    SECONDS_TAKEN=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tmp/time.txt")
    RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$tmp/out.json" "$1"; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }

echo "== import and export, $N endpoints ($(nproc) cores)"
python3 bench/gen_export.py "$N" "$tmp/export.json"
echo "  the export file: $(mb "$tmp/export.json") MB ($N lines)"

measure "$BIN" import "$tmp/export.json"
[[ $(field imported) == "$N" && $(field created) == "$N" ]] || { cat "$tmp/out.json" >&2; exit 1; }
import_s=$SECONDS_TAKEN import_rss=$RSS_MIB
echo "  import into a new database:  $import_s s, $(per_second "$N" "$import_s") endpoints/s, peak RSS $import_rss MiB"

measure "$BIN" import "$tmp/export.json"
[[ $(field updated) == "$N" ]] || { cat "$tmp/out.json" >&2; exit 1; }
again_s=$SECONDS_TAKEN again_rss=$RSS_MIB
echo "  the same file again:         $again_s s, $(per_second "$N" "$again_s") endpoints/s (updates), peak RSS $again_rss MiB"

measure "$BIN" export "$tmp/out-export.json"
[[ $(field endpoints) == "$N" ]] || { cat "$tmp/out.json" >&2; exit 1; }
export_s=$SECONDS_TAKEN export_rss=$RSS_MIB export_mb=$(mb "$tmp/out-export.json")
echo "  export to a file:            $export_s s, $(per_second "$N" "$export_s") endpoints/s, $export_mb MB, peak RSS $export_rss MiB"
# Field for field: what was exported is what was imported (numbers as numbers).
python3 - "$tmp/export.json" "$tmp/out-export.json" <<'EOF'
import json, sys
with open(sys.argv[1]) as a, open(sys.argv[2]) as b:
    for n, (x, y) in enumerate(zip(a, b), 1):
        if json.loads(x) != json.loads(y):
            sys.exit(f"line {n} differs:\n{x}{y}")
EOF
echo "  the export equals the imported file, line for line"

measure "$BIN" export "$tmp/out-export.json.gz"
gzip_s=$SECONDS_TAKEN gzip_mb=$(mb "$tmp/out-export.json.gz")
echo "  export --gzip:               $gzip_s s, $(per_second "$N" "$gzip_s") endpoints/s, $gzip_mb MB"

# segments count and members over the N endpoints: a segment by attribute, and one of two
# groups (iOS and premium, or SMS).
"$BIN" segments create assets/segments/premium-plan.json assets/segments/ios-premium-or-sms.json >/dev/null
measure "$BIN" segments count "Premium plan (by attribute)"
[[ $(field Read) == "$N" ]] || { cat "$tmp/out.json" >&2; exit 1; }
count_s=$SECONDS_TAKEN count_rss=$RSS_MIB count_n=$(field Endpoints)
echo "  segments count, by attribute: $count_s s ($count_n of $N endpoints), peak RSS $count_rss MiB"
measure "$BIN" segments count "Premium iOS users, or anyone on SMS (two groups)"
groups_s=$SECONDS_TAKEN groups_n=$(field Endpoints)
echo "  segments count, two groups:   $groups_s s ($groups_n of $N endpoints)"
measure "$BIN" segments members "Premium plan (by attribute)" --page-size 1000
members_s=$SECONDS_TAKEN
echo "  segments members, first page of 1000: $members_s s"
measure "$BIN" export "$tmp/segment.json" --segment "Premium plan (by attribute)"
[[ $(field endpoints) == "$count_n" ]] || { cat "$tmp/out.json" >&2; exit 1; }
segment_export_s=$SECONDS_TAKEN
echo "  export --segment (the same $count_n endpoints): $segment_export_s s"

# The same endpoints in random order (a user's endpoints apart, as an export need not keep
# them together) into a new database of their own.
shuf --random-source=<(yes) "$tmp/export.json" >"$tmp/shuffled.json"
measure env PINPOINT_CONSOLE_DATA_DIR="$tmp/data-shuffled" "$BIN" import "$tmp/shuffled.json"
[[ $(field created) == "$N" ]] || { cat "$tmp/out.json" >&2; exit 1; }
shuffled_s=$SECONDS_TAKEN shuffled_rss=$RSS_MIB
rm -rf "$tmp/shuffled.json" "$tmp/data-shuffled"
echo "  the same endpoints in random order, new database: $shuffled_s s, $(per_second "$N" "$shuffled_s") endpoints/s, peak RSS $shuffled_rss MiB"

# One 100 MB line between two endpoints: reported, skipped, never held.
python3 - "$tmp/long-line.json" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"Id": "before", "Address": "a"}\n{"Id": "huge", "Attributes": {"a": ["')
    chunk = "x" * (1 << 20)
    for _ in range(100):
        f.write(chunk)
    f.write('"]}}\n{"Id": "after", "Address": "b"}\n')
EOF
if /usr/bin/time -v -o "$tmp/time.txt" "$BIN" import "$tmp/long-line.json" >"$tmp/out.json" 2>"$tmp/err.txt"; then
    echo "the 100 MB line was not reported" >&2
    exit 1
fi
grep -q ':2: the line is 104857' "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; exit 1; }
long_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
echo "  a 100 MB line (skipped, the 2 endpoints around it imported): peak RSS $long_rss MiB"

echo
row() { printf '%-58s %s\n' "$1" "$2"; }
row "(l) import $N endpoints (Pinpoint export)" "$import_s s, $(per_second "$N" "$import_s") endpoints/s, peak RSS $import_rss MiB (aim 20 s, 200 MB)"
row "    the same file again (updates)" "$again_s s, $(per_second "$N" "$again_s") endpoints/s"
row "    the same endpoints in random order" "$shuffled_s s, $(per_second "$N" "$shuffled_s") endpoints/s, peak RSS $shuffled_rss MiB"
row "    export $N endpoints" "$export_s s, $(per_second "$N" "$export_s") endpoints/s, $export_mb MB (aim 10 s)"
row "    export --gzip" "$gzip_s s, $gzip_mb MB"
row "    segments count over $N, by attribute" "$count_s s, peak RSS $count_rss MiB (aim 1 s)"
row "    segments count over $N, two groups" "$groups_s s"
row "    segments members, a page of 1000" "$members_s s"
row "    export --segment ($count_n endpoints)" "$segment_export_s s"
row "    import of a file with a 100 MB line" "peak RSS $long_rss MiB"
