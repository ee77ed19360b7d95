#!/usr/bin/env bash
# Routes alerts whose text is built to make a backtracking regex engine run for ages through rules whose
# patterns are the classic ReDoS shapes, and prints the time per alert and per rule. With the old
# backtracking engine, one 23 KB alert against `(a|aa)+$` took 6.7 s; RE2 must keep it linear.
#
# usage: Benchmarks/regex-benchmark.sh [ALERTS] [RULES] [KB]      (default 200 alerts, 20 rules, 23 KB)
#        BUILD=debug Benchmarks/regex-benchmark.sh                (the debug build, without a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
alerts="${1:-200}"
rules="${2:-20}"
kilobytes="${3:-23}"
build="${BUILD:-release}"
work="${TMPDIR:-/tmp}/alert2jira-regex-bench"
mkdir -p "$work"
if [ "$build" = release ]; then
    swift build -c release --static-swift-stdlib --product alert2jira >/dev/null 2>&1
    binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/alert2jira"
else
    swift build --product alert2jira >/dev/null 2>&1
    binary="$(swift build --show-bin-path)/alert2jira"
fi

shapes=('(a|aa)+$' '(a+)+$' '(.*a){20}' '^(\w+\s?)*$' '.*a.*a.*a.*a.*a.*a.*b')
{
    echo "connections: { jira: { url: https://example.atlassian.net, flavor: cloud, auth: { email: a@example.com, api_token: x } } }"
    echo "default_connection: jira"
    echo "rules:"
    for ((i = 0; i < rules; i++)); do
        echo "  - { name: r$i, project: OPS, issue_type: Task, match: { title: { regex: '${shapes[i % ${#shapes[@]}]}' } } }"
    done
    echo "  - { name: catch-all, project: OPS, issue_type: Task, match: { labels.alertname: { exists: true } } }"
} > "$work/config.yaml"
python3 - "$alerts" "$kilobytes" > "$work/alerts.ndjson" <<'PY'
import json, sys
alerts, kilobytes = int(sys.argv[1]), int(sys.argv[2])
title = "a" * (kilobytes * 1024) + "!"
for i in range(alerts):
    print(json.dumps({"title": title, "labels": {"alertname": f"redos-{i}"}}))
PY

start=$(date +%s.%N)
"$binary" --config "$work/config.yaml" --dry-run --output json < "$work/alerts.ndjson" > "$work/out.ndjson"
end=$(date +%s.%N)
routed=$(grep -c '"catch-all"' "$work/out.ndjson" || true)
awk -v s="$start" -v e="$end" -v a="$alerts" -v r="$rules" -v k="$kilobytes" -v routed="$routed" -v b="$build" 'BEGIN {
    t = e - s
    printf "%s build: %d alerts of %d KB through %d ReDoS-shaped rules in %.2f s: %.2f ms per alert, %.1f µs per alert per rule (%d reached the catch-all rule)\n", b, a, k, r, t, t * 1000 / a, t * 1e6 / a / r, routed
}'
