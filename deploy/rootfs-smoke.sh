#!/usr/bin/env bash
# Checks the runtime stage of deploy/Dockerfile without a Docker engine: a Debian bookworm root with
# only the packages that stage installs, the stripped static binary, the same non-root user and data
# directory, and the image's own ENTRYPOINT and HEALTHCHECK commands, read from the Dockerfile.
#
# It checks what deploy/docker-smoke.sh checks, except the image build itself: the binary starts as
# user alert2jira on a root without Swift, the health check passes, a webhook with the source's token
# is spooled (202) and one without is refused (401), `alert2jira spool list` shows the alert, the spool
# files are private (0600 in a 0700 directory), and SIGTERM ends the server with status 0.
#
#   sudo deploy/rootfs-smoke.sh      # needs root, debootstrap, curl and python3; about 3 min cold
#
# ROOTFS_CACHE (default /tmp/alert2jira-rootfs-bookworm) keeps the debootstrapped base between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() {
    echo "rootfs-smoke: $*" >&2
    [ -f "${work:-/nonexistent}/serve.log" ] && tail -20 "$work/serve.log" >&2
    exit 1
}
[ "$(id -u)" = 0 ] || { echo "rootfs-smoke: needs root (chroot, debootstrap)" >&2; exit 77; }
for tool in debootstrap curl python3 unshare; do
    command -v "$tool" >/dev/null || { echo "rootfs-smoke: $tool is missing (apt-get install -y $tool)" >&2; exit 69; }
done

# The runtime stage as the Dockerfile states it: its packages, its ENTRYPOINT, its HEALTHCHECK.
read_dockerfile() {
    python3 - "$1" <<'PY'
import json, re, sys
text = open("deploy/Dockerfile").read().replace("\\\n", " ")
runtime = text[text.rindex("\nFROM "):]
if sys.argv[1] == "packages":
    install = re.search(r"apt-get install ([^&]*)", runtime).group(1)
    print(" ".join(word for word in install.split() if not word.startswith("-")))
elif sys.argv[1] == "entrypoint":
    print("\n".join(json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", runtime, re.M).group(1))))
elif sys.argv[1] == "healthcheck":
    print("\n".join(json.loads(re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", runtime, re.M).group(1))))
PY
}
packages=$(read_dockerfile packages)
mapfile -t entrypoint < <(read_dockerfile entrypoint)
mapfile -t healthcheck < <(read_dockerfile healthcheck)
port=$(printf '%s\n' "${entrypoint[@]}" | sed -n 's/^0\.0\.0\.0:\([0-9]*\)$/\1/p')
[ -n "$port" ] || fail "the Dockerfile's ENTRYPOINT has no --listen 0.0.0.0:PORT"

echo "building the static binary (swift build -c release --static-swift-stdlib)"
build_log=$(mktemp)
swift build -c release --product alert2jira --static-swift-stdlib >"$build_log" 2>&1 || { grep -E "error" "$build_log" >&2; rm -f "$build_log"; fail "swift build failed"; }
rm -f "$build_log"
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/alert2jira"

base=${ROOTFS_CACHE:-/tmp/alert2jira-rootfs-bookworm}
if [ ! -x "$base/usr/bin/apt-get" ]; then
    echo "debootstrap bookworm (minbase) into $base"
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian >/dev/null
fi
work=$(mktemp -d)
root="$work/root"
server=""
cleanup() {
    [ -n "$server" ] && kill -KILL "$server" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "installing the runtime stage's packages: $packages"
chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -qq -y --no-install-recommends $packages" >"$work/apt.log" 2>&1 \
    || { tail -20 "$work/apt.log" >&2; fail "apt-get install in the root failed"; }
chroot "$root" sh -c 'useradd --system --uid 10001 --home-dir /var/lib/alert2jira --shell /usr/sbin/nologin alert2jira \
    && install -d -o alert2jira -g alert2jira -m 0700 /var/lib/alert2jira && install -d -m 0755 /etc/alert2jira'
install -m 0755 "$binary" "$root/usr/local/bin/alert2jira"
strip "$root/usr/local/bin/alert2jira"
echo "binary: $(du -m "$root/usr/local/bin/alert2jira" | cut -f1) MB stripped"
cp -r rules "$root/etc/alert2jira/rules"
if [ -d "$root/opt/swift" ] || [ -d "$root/usr/lib/swift" ]; then fail "the root has a Swift runtime; the check would prove nothing"; fi

install -m 0644 deploy/smoke.yaml "$root/etc/alert2jira/alert2jira.yaml"

in_root() { chroot --userspec=10001:10001 "$root" "$@"; }
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then fail "port $port is already taken on this host"; fi
mount -t proc proc "$root/proc"
# chroot and env exec, so $! is the server itself.
chroot --userspec=10001:10001 "$root" /usr/bin/env HOME=/var/lib/alert2jira "${entrypoint[@]}" >"$work/serve.log" 2>&1 &
server=$!

healthy=""
for _ in $(seq 1 50); do
    kill -0 "$server" 2>/dev/null || fail "the server stopped"
    if in_root "${healthcheck[@]}" >/dev/null 2>&1; then healthy=yes; break; fi
    sleep 0.2
done
[ -n "$healthy" ] || fail "the HEALTHCHECK command never passed: ${healthcheck[*]}"
echo "health check (${healthcheck[*]}): passes"
[ "$(ps -o uid= -p "$server" | tr -d ' ')" = 10001 ] || fail "the server does not run as uid 10001"
echo "the server runs as uid 10001: $(tr '\0' ' ' <"/proc/$server/cmdline")"

code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer smoke-token' -H 'Content-Type: application/json' \
    --data '{"title": "rootfs smoke test"}' "http://127.0.0.1:$port/alerts")
[ "$code" = 202 ] || fail "an authenticated webhook got $code, not 202"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{"title": "x"}' "http://127.0.0.1:$port/alerts")
[ "$code" = 401 ] || fail "a webhook without a token got $code, not 401"
in_root /usr/local/bin/alert2jira spool list --data-dir /var/lib/alert2jira | grep -q "rootfs smoke test" || fail "the alert is not in the spool"
echo "webhooks: 202 with the token, 401 without; the alert is in the spool"

modes=$(stat -c '%a %n' "$root/var/lib/alert2jira" "$root"/var/lib/alert2jira/*)
echo "$modes" | awk '{ print "  " $1 " " $2 }' | sed "s#$root##"
echo "$modes" | awk 'NR == 1 && $1 != "700" { exit 1 } NR > 1 && $1 != "600" { exit 1 }' || fail "the spool is not private (0700 directory, 0600 files)"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "SIGTERM ended the server with status $status"
echo "SIGTERM: exit status 0"
echo "rootfs-smoke: all checks passed"
