#!/usr/bin/env bash
# Builds a known history of alert issues in jira-fake, for `alert2jira report` (README, "Report").
#
#   samples/report/history.sh [JIRA_FAKE_URL]      (default http://127.0.0.1:8080; alert2jira from $ALERT2JIRA or PATH)
#
# alert2jira makes the issues and its repeat comment; Ada (a person in samples/jira-fake.yaml) and the service
# account act through jira-fake's /_fake/as/USER/… endpoint, at times set with /_fake/clock. From
# T0 = 2026-11-02T09:00:00Z:
#   "Database down" (rule database)  made at T0; Ada comments at T0+10m, resolves it at T0+2h; the service account
#                                    reopens it at T0+3h; Ada closes it at T0+5h.
#   "Disk full"     (rule database)  made at T0+1h; fires again at T0+1h10m (a repeat comment); Ada assigns herself
#                                    at T0+1h30m. Still open.
#   "Spend spike"   (rule cost)      made at T0+2h; nobody touches it.
# So `report --since 2026-11-01 --until 2026-11-03` shows 3 issues, 2 open, 2 acknowledged (after 10m and 30m:
# p50 10m, p90 30m, mean 20m), 1 resolved after 5h, 1 reopened, 1 repeat, and "Spend spike" never acknowledged.
set -euo pipefail
url="${1:-${JIRA_URL:-http://127.0.0.1:8080}}"
alert2jira="${ALERT2JIRA:-alert2jira}"
here="$(cd "$(dirname "$0")" && pwd)"
t0=1793610000

at() {  # at SECONDS_AFTER_T0
    local when
    when="$(date -u -d "@$((t0 + $1))" +%Y-%m-%dT%H:%M:%SZ)"
    curl -fsS -X POST "$url/_fake/clock" -H 'Content-Type: application/json' -d "{\"now\":\"$when\"}" >/dev/null
}
as() {  # as USER METHOD PATH [JSON]
    curl -fsS -X "$2" "$url/_fake/as/$1/rest/api/3$3" -H 'Content-Type: application/json' ${4:+-d "$4"} >/dev/null
}
send() {  # send TITLE FINGERPRINT TEAM → prints the issue key
    printf '{"title":"%s","fingerprint":"%s","severity":"critical","labels":{"team":"%s"}}\n' "$1" "$2" "$3" |
        JIRA_URL="$url" "$alert2jira" --config "$here/alert2jira.yaml" --output json | sed -n 's/.*"key":"\([A-Z0-9]*-[0-9]*\)".*/\1/p'
}
comment='{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Looking into it"}]}]}}'

at 0;      db="$(send "Database down" db-1 db)"
at 600;    as ada POST "/issue/$db/comment" "$comment"
at 3600;   disk="$(send "Disk full" disk-1 db)"
at 4200;   send "Disk full" disk-1 db >/dev/null
at 5400;   as ada PUT "/issue/$disk/assignee" '{"accountId":"5b10ac8d82e05b22cc7d4ef5"}'
at 7200;   as ada POST "/issue/$db/transitions" '{"transition":{"id":"51"},"fields":{"resolution":{"name":"Done"}}}'
           spend="$(send "Spend spike" cost-1 finops)"
at 10800;  as svc-alert2jira POST "/issue/$db/transitions" '{"transition":{"id":"41"}}'
at 18000;  as ada POST "/issue/$db/transitions" '{"transition":{"id":"31"}}'
curl -fsS -X DELETE "$url/_fake/clock" >/dev/null
echo "made $db, $disk and $spend"
