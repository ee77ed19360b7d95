#!/usr/bin/env bash
# Routes and renders N NDJSON alerts with `alert2jira --dry-run --output json` (release build) and
# runs `jq -c .` over the same file, printing wall and CPU time, lines/s, MB/s and peak RSS for both, then the
# ratios the speed target is about (wall time of jq over ours, our CPU time over jq's).
#
# usage: Benchmarks/dry-run-throughput.sh [N]      (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
work="${TMPDIR:-/tmp}/alert2jira-bench"
mkdir -p "$work"
input="$work/alerts-$count.ndjson"
[ -f "$input" ] || python3 Benchmarks/generate-alerts.py "$count" > "$input"
swift build -c release --static-swift-stdlib --product alert2jira >/dev/null
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/alert2jira"
bytes=$(stat -c %s "$input")
lines=$(wc -l < "$input")

measure() {
    local name="$1"; shift
    local stats="$work/$name.time"
    /usr/bin/time -f "%e %M %U %S" -o "$stats" "$@" < "$input" > "$work/$name.out"
    read -r seconds rss_kb user system < "$stats"
    echo "$seconds $user $system" > "$work/$name.times"
    local out_lines
    out_lines=$(wc -l < "$work/$name.out")
    awk -v n="$name" -v s="$seconds" -v l="$lines" -v b="$bytes" -v r="$rss_kb" -v o="$out_lines" -v c="$(awk -v u="$user" -v y="$system" 'BEGIN { print u + y }')" 'BEGIN {
        if (s == 0) s = 0.01
        printf "%-10s %8.2f s wall  %6.2f s CPU  %10.0f lines/s  %7.1f MB/s  peak RSS %6.1f MB  (%d output lines)\n", n, s, c, l / s, b / s / 1e6, r / 1024, o
    }'
}

echo "input: $lines lines, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') ($input)"
measure jq jq -c .
measure alert2jira "$binary" --config samples/alert2jira.yaml --dry-run --output json
read -r jq_wall jq_user jq_system < "$work/jq.times"
read -r our_wall our_user our_system < "$work/alert2jira.times"
awk -v jw="$jq_wall" -v ow="$our_wall" -v jc="$(awk -v u="$jq_user" -v y="$jq_system" 'BEGIN { print u + y }')" \
    -v oc="$(awk -v u="$our_user" -v y="$our_system" 'BEGIN { print u + y }')" 'BEGIN {
    printf "alert2jira is %.2fx jq in wall time (target 2x) and uses %.2fx its CPU time (target at most 1x)\n", jw / ow, oc / jc
}'
