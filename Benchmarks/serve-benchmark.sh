#!/usr/bin/env bash
# `alert2jira serve` against Debian's Alertmanager, both on loopback, with wrk: POST /alerts with a
# realistic single-alert Alertmanager webhook payload (bearer token, durability on: every 202 is
# fsync'd in the spool) versus Alertmanager's own POST /api/v2/alerts with the same alert. Jira is
# down during the run (jira-fake answers 503), so alerts pile up in the spool as they would in an
# outage. Prints requests/s, latency percentiles, the server's RSS (idle at start, peak under load) and
# the CPU time it used; then, for reference, GET /healthz on the same server: its HTTP stack alone.
#
# usage: Benchmarks/serve-benchmark.sh [SECONDS] [CONNECTIONS]      (defaults: 20 s, 32 connections)
#   SWIFT_BUILD_FLAGS="--scratch-path .build-x" to build elsewhere than .build.
#   BASELINE_BIN=/path/to/alert2jira also measures that build (an older commit's, say) in the same run:
#   this machine's speed drifts by a third between runs, so only figures from one run compare.
#   FLOOR=1 also measures Benchmarks/ServeFloor, Hummingbird and GRDB with none of our code: the least
#   this stack costs to read a body and answer (floor-discard), and to commit it with fsync first
#   (floor-spool), with its idle RSS.
#   POSTGRES=1 then measures the PostgreSQL spool with 1 and 2 replicas beside the SQLite spool and
#   Alertmanager, in one run of Benchmarks/replicas-benchmark.py (ingest only; run that script
#   alone for delivery with 3 replicas).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
connections="${2:-32}"
flags=(${SWIFT_BUILD_FLAGS:-})
work="${TMPDIR:-/tmp}/alert2jira-serve-bench"
rm -rf "$work"
mkdir -p "$work"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

swift build -c release --static-swift-stdlib "${flags[@]}" --product alert2jira >/dev/null
swift build -c release --static-swift-stdlib "${flags[@]}" --product jira-fake >/dev/null
bin="$(swift build -c release --static-swift-stdlib "${flags[@]}" --show-bin-path)"

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
# Waits until a server's output file says where it listens, then prints that URL.
listening_url() {
    for _ in $(seq 100); do grep -q listening "$1" && break; sleep 0.1; done
    sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$1"
}

# Jira is down for the whole run.
sed 's/^faults: \[\]/faults: [{ kind: status, status: 503 }]/' samples/jira-fake.yaml > "$work/jira-fake.yaml"
grep -q "status: 503" "$work/jira-fake.yaml"
"$bin/jira-fake" --config "$work/jira-fake.yaml" --listen 127.0.0.1:0 > "$work/fake.out" 2>&1 &
pids+=($!)
jira=$(listening_url "$work/fake.out")

cat > "$work/serve.yaml" <<YAML
connections:
  jira: { url: $jira, auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
include: ["$PWD/rules/*.yaml"]
sources:
  alertmanager:
    bearer_token: benchmark-token
server:
  data_dir: $work/alert2jira-data
  log_level: warning
YAML
# Starts `alert2jira serve` from binary $2 with a data directory of its own; sets server_pid and server_url.
start_server() {
    local name=$1 binary=$2
    sed "s|data_dir: .*|data_dir: $work/$name-data|" "$work/serve.yaml" > "$work/$name.yaml"
    "$binary" serve --config "$work/$name.yaml" --listen 127.0.0.1:0 > "$work/$name.out" 2> "$work/$name.err" &
    server_pid=$!
    pids+=($server_pid)
    server_url=$(listening_url "$work/$name.out")
}
start_server alert2jira "$bin/alert2jira"
server=$server_pid
url=$server_url
if [ -n "${BASELINE_BIN:-}" ]; then
    start_server baseline "$BASELINE_BIN"
    baseline=$server_pid
    baseline_url=$server_url
fi
if [ -n "${FLOOR:-}" ]; then
    swift build -c release --static-swift-stdlib --package-path Benchmarks/ServeFloor >/dev/null
    floor_bin="$(swift build -c release --static-swift-stdlib --package-path Benchmarks/ServeFloor --show-bin-path)/serve-floor"
    "$floor_bin" "$work/floor-data" > "$work/floor.out" 2> "$work/floor.err" &
    floor=$!
    pids+=($floor)
    floor_url=$(listening_url "$work/floor.out")
fi

cat > "$work/am.yml" <<'YAML'
route: { receiver: blackhole, group_wait: 30s, group_interval: 5m, repeat_interval: 4h }
receivers: [{ name: blackhole }]
YAML
am_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus-alertmanager --config.file="$work/am.yml" --storage.path="$work/am-data" --web.listen-address="127.0.0.1:$am_port" \
    --cluster.listen-address= --log.level=warn > "$work/am.log" 2>&1 &
alertmanager=$!
pids+=($alertmanager)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$am_port/-/ready" >/dev/null && break; sleep 0.1; done

payload=samples/alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json
# The same alert as Alertmanager's API takes it: labels, annotations, start, generator URL.
python3 - "$payload" > "$work/am-alert.json" <<'PY'
import json, sys
alert = json.load(open(sys.argv[1]))["alerts"][0]
print(json.dumps([{k: alert[k] for k in ("labels", "annotations", "startsAt", "generatorURL")}]))
PY
lua_body() {
    python3 - "$1" "$2" <<'PY'
import json, sys
body, token = open(sys.argv[1]).read(), sys.argv[2]
print("wrk.method = 'POST'")
print("wrk.body = " + json.dumps(body))
print("wrk.headers['Content-Type'] = 'application/json'")
if token:
    print("wrk.headers['Authorization'] = 'Bearer " + token + "'")
PY
}
lua_body "$payload" benchmark-token > "$work/alert2jira.lua"
lua_body "$work/am-alert.json" "" > "$work/alertmanager.lua"

# Every server answers the request once before the run, so none is measured cold.
# warm_up STATUS URL BODY_FILE [CURL_ARGS...]: POSTs the body and stops the run unless it gets STATUS.
warm_up() {
    local want=$1 target=$2 body=$3
    shift 3
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@" --data-binary @"$body" "$target")
    [ "$status" = "$want" ] || { echo "$target answered $status, not $want" >&2; exit 1; }
}
for target in "$url" ${baseline_url:-}; do
    warm_up 202 "$target/alerts" "$payload" -H 'Authorization: Bearer benchmark-token'
done
for route in ${floor_url:+spool discard}; do
    warm_up 202 "$floor_url/$route" "$payload"
done
warm_up 200 "http://127.0.0.1:$am_port/api/v2/alerts" "$work/am-alert.json"

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# USS: resident memory that is this process's alone (private clean and dirty pages), in kB.
uss() { awk '/^Private_(Clean|Dirty)/ {sum += $2} END {print sum}' "/proc/$1/smaps_rollup"; }
# CPU time (user + system, in clock ticks) the process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The peak RSS while wrk runs, sampled every 100 ms.
measure() {
    local name=$1 pid=$2 target=$3 script=$4
    local idle peak=0 sample idle_uss peak_uss=0
    sleep 1
    idle=$(rss "$pid")
    idle_uss=$(uss "$pid")
    local cpu_before
    cpu_before=$(cpu_ticks "$pid")
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "$target" > "$work/$name.wrk" &
    local load=$!
    while kill -0 "$load" 2>/dev/null; do
        sample=$(rss "$pid")
        ((sample > peak)) && peak=$sample
        sample=$(uss "$pid")
        ((sample > peak_uss)) && peak_uss=$sample
        sleep 0.1
    done
    wait "$load"
    local cpu_used
    cpu_used=$(($(cpu_ticks "$pid") - cpu_before))
    local after
    sleep 2
    after=$(rss "$pid")
    python3 - "$name" "$work/$name.wrk" "$idle" "$peak" "$after" "$cpu_used" "$(getconf CLK_TCK)" "$duration" "$idle_uss" "$peak_uss" <<'PY'
import re, sys
name, path, idle, peak, after, ticks, hertz, duration, idle_uss, peak_uss = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
cpu = ticks / hertz
text = open(path).read()
def latency(label):
    match = re.search(r"^\s+" + label + r"\s+([\d.]+)(us|ms|s)\b", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket_errors = re.search(r"Socket errors: (.*)", text)
print(f"{name:<13} {rps:>9.0f} req/s   p50 {latency('50%'):7.2f} ms   p90 {latency('90%'):7.2f} ms   p99 {latency('99%'):7.2f} ms   "
      f"RSS idle {idle / 1024:5.1f} MB, peak {peak / 1024:5.1f} MB, after {after / 1024:5.1f} MB   "
      f"USS idle {idle_uss / 1024:5.1f} MB, peak {peak_uss / 1024:5.1f} MB   "
      f"CPU {cpu:.1f} s ({100 * cpu / duration:.0f}%, {1e6 * cpu / (rps * duration):.0f} µs/request)"
      + (f"   non-2xx {errors.group(1)}" if errors else "") + (f"   socket errors: {socket_errors.group(1)}" if socket_errors else ""))
PY
}

echo "wrk -t2 -c$connections -d${duration}s, POST of one Alertmanager alert, on loopback ($(nproc) cores)"
measure alert2jira "$server" "$url/alerts" "$work/alert2jira.lua"
if [ -n "${BASELINE_BIN:-}" ]; then
    measure baseline "$baseline" "$baseline_url/alerts" "$work/alert2jira.lua"
fi
measure alertmanager "$alertmanager" "http://127.0.0.1:$am_port/api/v2/alerts" "$work/alertmanager.lua"
if [ -n "${FLOOR:-}" ]; then
    lua_body "$payload" "" > "$work/floor.lua"
    measure floor-spool "$floor" "$floor_url/spool" "$work/floor.lua"
    measure floor-discard "$floor" "$floor_url/discard" "$work/floor.lua"
fi
# For reference, the same server's HTTP stack alone (Hummingbird, NIO, our connection handlers): GET /healthz.
python3 - "$work/alert2jira.wrk" "$work/alertmanager.wrk" <<'PY'
import re, sys
ours, theirs = (float(re.search(r"Requests/sec:\s+([\d.]+)", open(path).read()).group(1)) for path in sys.argv[1:])
print(f"throughput ratio alert2jira / Alertmanager: {ours / theirs:.2f}")
PY
echo "wrk.method = 'GET'" > "$work/healthz.lua"
measure healthz "$server" "$url/healthz" "$work/healthz.lua"
spooled=$("$bin/alert2jira" spool list --data-dir "$work/alert2jira-data" --limit 1 | tail -1)
echo "alert2jira spool: $spooled"
if [ -n "${POSTGRES:-}" ]; then
    echo "PostgreSQL spool (Benchmarks/replicas-benchmark.py, ingest only):"
    python3 Benchmarks/replicas-benchmark.py "$duration" "$connections" 0
fi
