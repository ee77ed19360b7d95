#!/usr/bin/env bash
# Prints nanoseconds per description for JiraMarkup's wiki markup and ADF rendering (release build),
# for a realistic description (~600 bytes of text, 2 URLs, 6 labels, no payload).
#
# Builds Benchmarks/MarkupBenchmark in a scratch package that links AlertModel and JiraMarkup from
# this checkout, so it neither builds the whole product nor touches this checkout's .build.
#
# usage: Benchmarks/markup-benchmark.sh            (scratch package in ${TMPDIR:-/tmp}/alert2jira-markup-bench)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/alert2jira-markup-bench"
mkdir -p "$work/Sources"
ln -sfn "$repo/Sources/AlertModel" "$work/Sources/AlertModel"
ln -sfn "$repo/Sources/JiraMarkup" "$work/Sources/JiraMarkup"
ln -sfn "$repo/Benchmarks/MarkupBenchmark" "$work/Sources/MarkupBenchmark"
cat > "$work/Package.swift" <<'PACKAGE'
// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "markup-benchmark",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "AlertModel", swiftSettings: swiftSettings),
        .target(name: "JiraMarkup", dependencies: ["AlertModel"], swiftSettings: swiftSettings),
        .executableTarget(name: "MarkupBenchmark", dependencies: ["AlertModel", "JiraMarkup"], swiftSettings: swiftSettings),
    ]
)
PACKAGE
cd "$work"
swift build -c release --product MarkupBenchmark >/dev/null
"$(swift build -c release --show-bin-path)/MarkupBenchmark"
