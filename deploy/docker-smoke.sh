#!/usr/bin/env bash
# Builds deploy/Dockerfile and checks the image as a user runs it: it runs as a non-root user, its
# HEALTHCHECK turns healthy, a webhook with the source's token is spooled (202) and one without is
# refused (401), the spool is readable with `alert2jira spool`, and `docker stop` ends it with status 0.
#
#   deploy/docker-smoke.sh            # needs a Docker engine (docker info must work); about 10 min cold
set -euo pipefail
cd "$(dirname "$0")/.."
image=${IMAGE:-alert2jira:smoke}
name=alert2jira-smoke-$$
work=$(mktemp -d)
cleanup() { docker rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "docker-smoke: $*" >&2; docker logs "$name" 2>&1 | tail -20 >&2 || true; exit 1; }

docker info >/dev/null 2>&1 || { echo "docker-smoke: no Docker engine answers (docker info failed)" >&2; exit 69; }
docker build -f deploy/Dockerfile -t "$image" .
echo "image size: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.1f MB", $1/1e6}')"
[ "$(docker image inspect -f '{{.Config.User}}' "$image")" = alert2jira ] || fail "the image does not run as user alert2jira"

install -m 0644 deploy/smoke.yaml "$work/alert2jira.yaml"
docker run -d --name "$name" -p 127.0.0.1::9097 -v "$work/alert2jira.yaml:/etc/alert2jira/alert2jira.yaml:ro" "$image" >/dev/null
port=$(docker port "$name" 9097/tcp | head -1 | sed 's/.*://')

for _ in $(seq 1 60); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$name")
    [ "$status" = healthy ] && break
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || fail "the container stopped"
    sleep 2
done
[ "$status" = healthy ] || fail "the health check never passed (last status: $status)"
echo "health check: healthy"

code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer smoke-token' -H 'Content-Type: application/json' \
    --data '{"title": "docker smoke test"}' "http://127.0.0.1:$port/alerts")
[ "$code" = 202 ] || fail "an authenticated webhook got $code, not 202"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{"title": "x"}' "http://127.0.0.1:$port/alerts")
[ "$code" = 401 ] || fail "a webhook without a token got $code, not 401"
docker exec "$name" alert2jira spool list --data-dir /var/lib/alert2jira | grep -q "docker smoke test" || fail "the alert is not in the spool"
echo "webhooks: 202 with the token, 401 without; the alert is in the spool"

docker stop "$name" >/dev/null
[ "$(docker inspect -f '{{.State.ExitCode}}' "$name")" = 0 ] || fail "docker stop ended it with status $(docker inspect -f '{{.State.ExitCode}}' "$name")"
echo "docker stop: exit status 0"
echo "docker-smoke: all checks passed"
