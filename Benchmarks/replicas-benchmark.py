#!/usr/bin/env python3
"""Replicas on a PostgreSQL spool, measured beside the SQLite spool and Alertmanager in one run.

Ingest: wrk POSTs one Alertmanager alert per request (bearer token, Jira down so alerts pile up) at
  - alert2jira serve on the SQLite spool,
  - alert2jira serve on a PostgreSQL spool, one replica,
  - the same with two replicas, the connections split between them (requests/s summed),
  - Alertmanager's own POST /api/v2/alerts;
and prints requests/s and p99 for each.

Delivery: 1,000 distinct alerts posted to one replica, then to three replicas spread round-robin, into
jira-fake with 20 ms of latency per request; prints the wall time from the first POST until the spool has
nothing pending, and the Jira requests per created issue.

usage: Benchmarks/replicas-benchmark.py [SECONDS] [CONNECTIONS] [ALERTS]     (defaults: 15 s, 32, 1000)
       ALERTS 0 measures ingest only (what `POSTGRES=1 Benchmarks/serve-benchmark.sh` runs).
Builds release binaries with `swift build -c release --static-swift-stdlib`; needs wrk, Debian's postgresql and
prometheus-alertmanager (installed when missing).
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DURATION = int(sys.argv[1]) if len(sys.argv) > 1 else 15
CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 32
ALERTS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
WORK = tempfile.mkdtemp(prefix="alert2jira-replicas-bench-")
PASSWORD = "bench-password"
children = []


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def start(args, log, **kwargs):
    process = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
    children.append(process)
    return process


def stop_all():
    for process in children:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds=60, what="a condition"):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit(f"gave up waiting for {what}")


def listening_url(log):
    def found():
        return re.search(r"listening on (http://\S+)", open(log).read())
    wait_for(found, what=f"the listening line in {log}")
    return found().group(1)


def ensure_packages():
    missing = [p for p, command in [("wrk", "wrk"), ("prometheus-alertmanager", "prometheus-alertmanager")] if not shutil.which(command)]
    if not os.path.isdir("/usr/lib/postgresql"):
        missing.append("postgresql")
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "--no-install-recommends"] + missing, check=True, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def postgres():
    """A throwaway cluster on a free port, as the tests make one; returns its spool URL."""
    versions = sorted((int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit()), reverse=True)
    bin = f"/usr/lib/postgresql/{versions[0]}/bin"
    data, sock = f"{WORK}/pg", f"{WORK}/pg-socket"
    os.makedirs(sock)
    open(f"{WORK}/pg-password", "w").write(PASSWORD)
    as_postgres = []
    if os.geteuid() == 0:
        for path in (WORK, sock, f"{WORK}/pg-password"):
            shutil.chown(path, "postgres", "postgres")
        as_postgres = ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"]
    run(*as_postgres, f"{bin}/initdb", "-D", data, "-U", "alert2jira", f"--pwfile={WORK}/pg-password", "--auth-host=scram-sha-256",
        "--auth-local=trust", "-E", "UTF8", "--locale=C")
    port = free_port()
    start(as_postgres + [f"{bin}/postgres", "-D", data, "-p", str(port), "-k", sock, "-c", "listen_addresses=127.0.0.1",
                         "-c", "max_connections=300"], f"{WORK}/postgres.log")
    psql = as_postgres + [f"{bin}/psql", "-X", "-h", sock, "-p", str(port), "-U", "alert2jira", "-d", "postgres"]
    wait_for(lambda: subprocess.run(psql + ["-c", "SELECT 1"], capture_output=True).returncode == 0, what="PostgreSQL")
    subprocess.run(psql + ["-c", "CREATE DATABASE alert2jira"], check=True, capture_output=True)
    return f"postgres://alert2jira:{PASSWORD}@127.0.0.1:{port}/alert2jira?sslmode=disable", psql[:-1] + ["alert2jira"]


def serve(binary, name, jira, spool_url=None, concurrency=4):
    config = f"""
connections:
  jira: {{ url: {jira}, auth: {{ email: alert2jira@serviceaccount.example.com, api_token: fake-api-token }} }}
rules:
  - {{ name: everything, project: FINOPS, issue_type: Task, summary: "{{{{title}}}}" }}
sources:
  alertmanager:
    bearer_token: benchmark-token
server:
  data_dir: {WORK}/{name}-data
  log_level: warning
  worker_concurrency: {concurrency}
  retry_initial: 200ms
  retry_max: 1s
""" + (f"  spool_url: \"{spool_url}\"\n" if spool_url else "")
    path = f"{WORK}/{name}.yaml"
    open(path, "w").write(config)
    process = start([binary, "serve", "--config", path, "--listen", "127.0.0.1:0"], f"{WORK}/{name}.log")
    return process, listening_url(f"{WORK}/{name}.log"), path


def post(url, body, token="benchmark-token"):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def wrk(urls, script, name):
    """wrk against each URL at once, connections split between them; summed req/s and the worst p99."""
    share = max(1, CONNECTIONS // len(urls))
    runs = [subprocess.Popen(["wrk", "-t1", f"-c{share}", f"-d{DURATION}s", "--latency", "-s", script, url], stdout=subprocess.PIPE, text=True)
            for url in urls]
    outputs = [run.communicate()[0] for run in runs]
    rps = sum(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)) for out in outputs)

    def p99(out):
        value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = sum(int(m.group(1)) for out in outputs for m in [re.search(r"Non-2xx or 3xx responses: (\d+)", out)] if m)
    print(f"  {name:<34} {rps:>9.0f} req/s   p99 {max(p99(out) for out in outputs):8.2f} ms" + (f"   non-2xx {errors}" if errors else ""))
    return rps


def lua(body, token):
    path = f"{WORK}/{abs(hash((body, token)))}.lua"
    lines = ["wrk.method = 'POST'", "wrk.body = " + json.dumps(body), "wrk.headers['Content-Type'] = 'application/json'"]
    if token:
        lines.append(f"wrk.headers['Authorization'] = 'Bearer {token}'")
    open(path, "w").write("\n".join(lines) + "\n")
    return path


def main():
    ensure_packages()
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "alert2jira"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "jira-fake"], cwd=ROOT, check=True, capture_output=True)
    bin = run("swift", "build", "-c", "release", "--static-swift-stdlib", "--show-bin-path", cwd=ROOT).stdout.strip()
    spool_url, psql = postgres()

    # Ingest, with Jira down so nothing leaves the spool during the run.
    fake_config = f"{WORK}/jira-fake-down.yaml"
    open(fake_config, "w").write(open(f"{ROOT}/samples/jira-fake.yaml").read().replace("faults: []", "faults: [{ kind: status, status: 503 }]"))
    fake = start([f"{bin}/jira-fake", "--config", fake_config, "--listen", "127.0.0.1:0"], f"{WORK}/fake-down.log")
    jira = listening_url(f"{WORK}/fake-down.log")
    payload = open(f"{ROOT}/samples/alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json").read()
    script = lua(payload, "benchmark-token")
    am_alert = json.loads(payload)["alerts"][0]
    am_body = json.dumps([{k: am_alert[k] for k in ("labels", "annotations", "startsAt", "generatorURL")}])
    am_port = free_port()
    open(f"{WORK}/am.yml", "w").write("route: { receiver: blackhole }\nreceivers: [{ name: blackhole }]\n")
    start(["prometheus-alertmanager", f"--config.file={WORK}/am.yml", f"--storage.path={WORK}/am-data", f"--web.listen-address=127.0.0.1:{am_port}",
           "--cluster.listen-address=", "--log.level=warn"], f"{WORK}/am.log")
    wait_for(lambda: subprocess.run(["curl", "-sf", f"http://127.0.0.1:{am_port}/-/ready"], capture_output=True).returncode == 0, what="Alertmanager")

    sqlite, sqlite_url, _ = serve(f"{bin}/alert2jira", "sqlite", jira)
    first, first_url, _ = serve(f"{bin}/alert2jira", "pg-1", jira, spool_url)
    second, second_url, _ = serve(f"{bin}/alert2jira", "pg-2", jira, spool_url)
    for url in (sqlite_url, first_url, second_url):
        post(url + "/alerts", payload.encode())
    print(f"ingest: wrk, {CONNECTIONS} connections in all, {DURATION} s each, one Alertmanager alert per POST, Jira down ({os.cpu_count()} cores)")
    wrk([sqlite_url + "/alerts"], script, "serve, SQLite spool")
    wrk([first_url + "/alerts"], script, "serve, PostgreSQL spool, 1 replica")
    wrk([first_url + "/alerts", second_url + "/alerts"], script, "serve, PostgreSQL spool, 2 replicas")
    wrk([f"http://127.0.0.1:{am_port}/api/v2/alerts"], lua(am_body, ""), "Alertmanager 0.25 POST /api/v2/alerts")
    for process in (sqlite, first, second, fake):
        os.killpg(process.pid, signal.SIGKILL)
    subprocess.run(psql + ["-c", "TRUNCATE alert2jira_alert, alert2jira_payload, alert2jira_flood"], check=True, capture_output=True)

    if ALERTS == 0:
        return
    # Delivery: the same alerts through one replica, then through three.
    fake_config = f"{WORK}/jira-fake-slow.yaml"
    open(fake_config, "w").write(open(f"{ROOT}/samples/jira-fake.yaml").read().replace("faults: []", "faults: [{ kind: latency, latency_ms: 20 }]"))
    fake = start([f"{bin}/jira-fake", "--config", fake_config, "--listen", "127.0.0.1:0"], f"{WORK}/fake-slow.log")
    jira = listening_url(f"{WORK}/fake-slow.log")
    print(f"delivery: {ALERTS} distinct alerts into jira-fake at 20 ms per request, worker_concurrency 4 per replica")
    for replicas in (1, 3):
        urllib.request.urlopen(urllib.request.Request(f"{jira}/_fake/reset", method="POST"))
        urllib.request.urlopen(urllib.request.Request(f"{jira}/_fake/requests", method="DELETE"))
        subprocess.run(psql + ["-c", "TRUNCATE alert2jira_alert, alert2jira_payload, alert2jira_flood"], check=True, capture_output=True)
        servers = [serve(f"{bin}/alert2jira", f"deliver-{replicas}-{index}", jira, spool_url) for index in range(replicas)]
        started = time.time()

        def sender(offset):
            for index in range(offset, ALERTS, 8):
                body = json.dumps({"title": f"delivered alert {index}", "fingerprint": f"bench-{index}", "severity": "critical"}).encode()
                post(servers[index % replicas][1] + "/alerts", body)
        threads = [threading.Thread(target=sender, args=(offset,)) for offset in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        def pending():
            out = subprocess.run(psql + ["-A", "-t", "-c", "SELECT count(*) FROM alert2jira_alert WHERE state = 'pending'"], capture_output=True, text=True)
            return int(out.stdout.strip() or "-1")
        wait_for(lambda: pending() == 0, seconds=600, what="the spool to empty")
        seconds = time.time() - started
        requests = [r for r in json.load(urllib.request.urlopen(f"{jira}/_fake/requests"))["requests"] if not r["path"].startswith("/_fake/")]
        issues = json.load(urllib.request.urlopen(f"{jira}/_fake/issues"))
        issues = issues.get("issues", issues) if isinstance(issues, dict) else issues
        summaries = [i["fields"]["summary"] for i in issues]
        duplicates = len(summaries) - len(set(summaries))
        print(f"  {replicas} replica{'s' if replicas > 1 else ' '}: {seconds:6.1f} s wall, {len(issues)} issues ({duplicates} duplicates), "
              f"{len(requests)} Jira requests = {len(requests) / max(len(issues), 1):.2f} per issue")
        for process, _, _ in servers:
            os.killpg(process.pid, signal.SIGTERM)
        for process, _, _ in servers:
            process.wait()


if __name__ == "__main__":
    try:
        main()
    finally:
        stop_all()
        shutil.rmtree(WORK, ignore_errors=True)
