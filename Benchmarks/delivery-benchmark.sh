#!/usr/bin/env bash
# Delivers N distinct cost anomalies (one project) to jira-fake adding 20 ms of latency to every
# request, and prints the Jira requests per created issue (metadata included) and the wall time,
# for several --concurrency values.
#
# usage: Benchmarks/delivery-benchmark.sh [N] [CONCURRENCY...]     (default: 500, then 1 4 8)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-500}"
shift || true
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(1 4 8)
work="${TMPDIR:-/tmp}/alert2jira-delivery-bench"
mkdir -p "$work"
swift build -c release --product alert2jira >/dev/null
swift build -c release --product jira-fake >/dev/null
bin="$(swift build -c release --show-bin-path)"
python3 Benchmarks/generate-alerts.py "$count" --kind cost > "$work/alerts.ndjson"

# jira-fake with 20 ms of latency on every request.
sed 's/^faults: \[\]/faults: [{ kind: latency, latency_ms: 20 }]/' samples/jira-fake.yaml > "$work/jira-fake.yaml"
grep -q "latency_ms: 20" "$work/jira-fake.yaml"
"$bin/jira-fake" --config "$work/jira-fake.yaml" --listen 127.0.0.1:0 > "$work/fake.out" 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$work/fake.out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/fake.out")

cat > "$work/alert2jira.yaml" <<YAML
connections:
  jira: { url: $url, flavor: auto, auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
include: ["$PWD/rules/*.yaml"]
YAML

echo "delivering $count distinct alerts to jira-fake ($url), 20 ms latency per request"
for level in "${levels[@]}"; do
    curl -s -X POST "$url/_fake/reset" >/dev/null
    curl -s -X DELETE "$url/_fake/requests" >/dev/null
    start=$(date +%s.%N)
    "$bin/alert2jira" --config "$work/alert2jira.yaml" --concurrency "$level" --output json "$work/alerts.ndjson" > "$work/out-$level.ndjson"
    end=$(date +%s.%N)
    curl -s "$url/_fake/requests" | python3 -c '
import json, sys
level, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
requests = [r for r in json.load(sys.stdin)["requests"] if not r["path"].startswith("/_fake/")]
created = sum(1 for r in requests if r["method"] == "POST" and r["path"].endswith("/issue") and r["status"] == 201)
print(f"--concurrency {level:>2}: {created} issues, {len(requests)} Jira requests = {len(requests) / max(created, 1):.3f} per issue, {seconds:.2f} s wall, {created / seconds:.0f} issues/s")
' "$level" "$count" "$(echo "$end - $start" | bc)"
done
