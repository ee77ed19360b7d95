#!/usr/bin/env bash
# Delivers cost anomalies to jira-fake adding 20 ms of latency to every request, and prints the Jira
# requests per alert and per created issue (metadata and dedup searches included) and the wall time.
#
# usage: Benchmarks/delivery-benchmark.sh [ALERTS] [DISTINCT] [CONCURRENCY...]
#   Benchmarks/delivery-benchmark.sh 500            500 distinct alerts (issue 3's benchmark)
#   Benchmarks/delivery-benchmark.sh 1000 100       100 distinct alerts, each repeated 10 times (issue 4's)
#   defaults: 500 alerts, all distinct, --concurrency 1, 4 and 8
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-500}"
distinct="${2:-$count}"
shift 2 2>/dev/null || shift $#
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(1 4 8)
work="${TMPDIR:-/tmp}/alert2jira-delivery-bench"
mkdir -p "$work"
swift build -c release --static-swift-stdlib --product alert2jira >/dev/null
swift build -c release --static-swift-stdlib --product jira-fake >/dev/null
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
# Repeats are interleaved (every key once, then every key again, …), as alerts that keep firing arrive.
python3 Benchmarks/generate-alerts.py "$count" --distinct "$distinct" --kind cost > "$work/alerts.ndjson"

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

echo "delivering $count alerts ($distinct distinct) to jira-fake ($url), 20 ms latency per request"
for level in "${levels[@]}"; do
    curl -s -X POST "$url/_fake/reset" >/dev/null
    curl -s -X DELETE "$url/_fake/requests" >/dev/null
    start=$(date +%s.%N)
    "$bin/alert2jira" --config "$work/alert2jira.yaml" --concurrency "$level" --output json "$work/alerts.ndjson" > "$work/out-$level.ndjson"
    end=$(date +%s.%N)
    curl -s "$url/_fake/requests" | python3 -c '
import json, sys
level, count, seconds, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
requests = [r for r in json.load(sys.stdin)["requests"] if not r["path"].startswith("/_fake/")]
actions = {}
for line in open(out):
    action = json.loads(line)["action"]
    actions[action] = actions.get(action, 0) + 1
created = actions.get("create", 0)
kinds = {}
for r in requests:
    kind = r["method"] + " " + ("/issue/bulk" if r["path"].endswith("/bulk") else "/issue" if r["path"].endswith("/issue") else "/search" if "search" in r["path"] else "metadata")
    kinds[kind] = kinds.get(kind, 0) + 1
print(f"--concurrency {level:>2}: {seconds:.2f} s wall; {len(requests)} Jira requests = {len(requests) / count:.4f} per alert, "
      f"{len(requests) / max(created, 1):.3f} per created issue; actions {actions}; requests {kinds}")
' "$level" "$count" "$(echo "$end - $start" | bc)" "$work/out-$level.ndjson"
done
