#!/usr/bin/env bash
# Streams SIZE_MB of NDJSON alerts (default 1024: 1 GB) into `alert2jira --dry-run --output json` on
# stdin, without ever storing the input on disk, and prints the peak RSS: the ingest must stream, so
# the figure stays the same whatever the size.
#
# usage: Benchmarks/memory-ceiling.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
work="${TMPDIR:-/tmp}/alert2jira-memory"
mkdir -p "$work"
swift build -c release --static-swift-stdlib --product alert2jira >/dev/null
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/alert2jira"
# 20,000 generated alerts (a mix of Alertmanager, cost anomalies and Grafana) repeated until SIZE_MB.
python3 Benchmarks/generate-alerts.py 20000 > "$work/block.ndjson"
block=$(stat -c %s "$work/block.ndjson")
repeats=$(((size_mb * 1024 * 1024 + block - 1) / block))
feed() { for _ in $(seq "$repeats"); do cat "$work/block.ndjson"; done; }
start=$(date +%s.%N)
feed | /usr/bin/time -f "%M" -o "$work/rss" "$binary" --config samples/alert2jira.yaml --dry-run --output json \
    2> "$work/stderr" | wc -l > "$work/lines"
end=$(date +%s.%N)
awk -v mb="$((repeats * block / 1048576))" -v rss="$(tail -1 "$work/rss")" -v lines="$(cat "$work/lines")" -v s="$(echo "$end - $start" | bc)" \
    'BEGIN { printf "input %d MB on stdin, %d output lines in %.1f s; peak RSS %.1f MB\n", mb, lines, s, rss / 1024 }'
tail -1 "$work/stderr"
