#!/usr/bin/env bash
# Makes the two base images deploy/Dockerfile names, `debian:bookworm-slim` and `swift:6.3-bookworm`,
# on a machine whose Docker engine cannot pull from Docker Hub (air-gapped, or a mirror-only network),
# so `docker build -f deploy/Dockerfile .` and deploy/docker-smoke.sh run there unchanged.
#
#   sudo deploy/offline-base-images.sh     # needs root, debootstrap, a Docker engine, Debian's mirror
#
# `debian:bookworm-slim` is a debootstrapped bookworm (minbase, so a little larger than Docker's own).
# `swift:6.3-bookworm` adds what Swift's official image installs and the Swift toolchain this machine
# has (SWIFT_ROOT, default: the one `swift` on PATH belongs to). When Swift packages come from a local
# mirror of GitHub (SWIFT_PACKAGE_MIRROR, a folder of OWNER/NAME.git repositories), the image gets the
# mirror and a git `insteadOf` for it, so the build inside resolves packages without GitHub.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "offline-base-images: needs root (debootstrap, chroot)" >&2; exit 77; }
for tool in debootstrap docker tar; do
    command -v "$tool" >/dev/null || { echo "offline-base-images: $tool is missing" >&2; exit 69; }
done
docker info >/dev/null 2>&1 || { echo "offline-base-images: no Docker engine answers (docker info failed)" >&2; exit 69; }
swift_root=${SWIFT_ROOT:-$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")}
[ -x "$swift_root/usr/bin/swift" ] || { echo "offline-base-images: no Swift toolchain at $swift_root (set SWIFT_ROOT)" >&2; exit 69; }
mirror=${SWIFT_PACKAGE_MIRROR:-}
work=$(mktemp -d)
cleanup() { mountpoint -q "$work/swift/proc" && umount "$work/swift/proc"; rm -rf "$work"; }
trap cleanup EXIT

echo "debootstrap bookworm (minbase)"
debootstrap --variant=minbase bookworm "$work/debian" http://deb.debian.org/debian >/dev/null
rm -f "$work/debian"/var/cache/apt/archives/*.deb
tar -C "$work/debian" -c . | docker import - debian:bookworm-slim

echo "swift:6.3-bookworm from $swift_root${mirror:+, packages from $mirror}"
cp -a "$work/debian" "$work/swift"
cp /etc/resolv.conf "$work/swift/etc/resolv.conf"
mount -t proc proc "$work/swift/proc"
# The packages Swift's official bookworm image installs.
chroot "$work/swift" bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    binutils ca-certificates git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libgcc-12-dev libncurses-dev libpython3-dev \
    libsqlite3-0 libstdc++-12-dev libxml2-dev libz3-dev pkg-config tzdata zlib1g-dev >/dev/null \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'
umount "$work/swift/proc"
mkdir -p "$work/swift/opt/swift"
cp -a "$swift_root/usr" "$work/swift/opt/swift/"
if [ -n "$mirror" ]; then
    cp -a "$mirror" "$work/swift/opt/swift-packages"
    chroot "$work/swift" git config --system url./opt/swift-packages/.insteadof https://github.com/
fi
tar -C "$work/swift" -c . | docker import \
    --change 'ENV PATH=/opt/swift/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - swift:6.3-bookworm
docker run --rm swift:6.3-bookworm swift --version
