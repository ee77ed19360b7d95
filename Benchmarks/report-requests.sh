#!/usr/bin/env bash
# How many Jira requests `alert2jira report` needs per 1,000 issues, and how long it takes, against jira-fake,
# Cloud (search + changelog bulk fetch) and Data Center (search with expand=changelog).
#
#   Benchmarks/report-requests.sh [ISSUES]      (default 1000; builds debug binaries unless BIN is set)
#
# Each issue is made by the service account, moved to In Progress and commented on by a person, so every
# issue has a changelog entry and a comment to read. The goal is at most 25 requests per 1,000 issues.
set -euo pipefail
cd "$(dirname "$0")/.."
issues="${1:-1000}"
if [[ -z "${BIN:-}" ]]; then swift build --product alert2jira >/dev/null && swift build --product jira-fake >/dev/null; BIN=.build/debug; fi
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for flavor in cloud datacenter; do
    api=3; [[ $flavor == datacenter ]] && api=2
    sed "s/^flavor: cloud /flavor: $flavor /" samples/jira-fake.yaml >"$work/fake-$flavor.yaml"
    "$BIN/jira-fake" --config "$work/fake-$flavor.yaml" --listen 127.0.0.1:0 >"$work/fake-$flavor.log" 2>&1 &
    for _ in $(seq 50); do grep -q listening "$work/fake-$flavor.log" && break; sleep 0.1; done
    url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/fake-$flavor.log")"
    curl -fsS -X POST "$url/_fake/clock" -H 'Content-Type: application/json' -d '{"now":"2026-11-02T09:00:00Z"}' >/dev/null
    body='{"body":"Looking into it"}'
    [[ $flavor == cloud ]] && body='{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Looking into it"}]}]}}'
    for ((start = 0; start < issues; start += 50)); do
        updates="$(for ((i = start; i < start + 50 && i < issues; i++)); do
            printf '{"fields":{"project":{"key":"FINOPS"},"issuetype":{"name":"Task"},"summary":"bench %d","labels":["alert2jira","alert2jira-rule-database"]}},' "$i"
        done)"
        curl -fsS -X POST "$url/_fake/as/svc-alert2jira/rest/api/$api/issue/bulk" -H 'Content-Type: application/json' \
            -d "{\"issueUpdates\":[${updates%,}]}" | grep -o '"key":"[A-Z]*-[0-9]*"' | cut -d'"' -f4 >>"$work/keys-$flavor"
    done
    while read -r key; do
        curl -fsS -X POST "$url/_fake/as/ada/rest/api/$api/issue/$key/transitions" -H 'Content-Type: application/json' -d '{"transition":{"id":"21"}}'
        curl -fsS -X POST "$url/_fake/as/ada/rest/api/$api/issue/$key/comment" -H 'Content-Type: application/json' -d "$body" >/dev/null
    done <"$work/keys-$flavor"
    curl -fsS -X DELETE "$url/_fake/requests" >/dev/null
    auth='{ email: alert2jira@serviceaccount.example.com, api_token: fake-api-token }'
    [[ $flavor == datacenter ]] && auth='{ personal_access_token: fake-pat }'
    printf 'connections:\n  jira: { url: "%s", flavor: %s, auth: %s }\nrules:\n  - { name: database, project: FINOPS, issue_type: Task, summary: "{{title}}" }\n' \
        "$url" "$flavor" "$auth" >"$work/a2j-$flavor.yaml"
    started=$(date +%s.%N)
    "$BIN/alert2jira" report --config "$work/a2j-$flavor.yaml" --since 2026-11-01 --until 2026-11-03 --output json >"$work/report-$flavor.json"
    elapsed=$(echo "$(date +%s.%N) - $started" | bc)
    requests=$(curl -fsS "$url/_fake/requests" | grep -o '"method"' | wc -l)
    read -r found acknowledged < <(python3 -c "import json,sys; t=json.load(open('$work/report-$flavor.json'))['totals']; print(t['issues'], t['acknowledged'])")
    printf '%-10s %5d issues reported (%d acknowledged): %3d requests, %.1f per 1,000 issues, %.2f s\n' \
        "$flavor" "$found" "$acknowledged" "$requests" "$(echo "$requests * 1000 / $found" | bc -l)" "$elapsed"
done
