#!/usr/bin/env bash
# Prints nanoseconds per description for JiraMarkup's wiki markup and ADF rendering (release build),
# for a realistic description (~600 bytes of text, 2 URLs, 6 labels, no payload).
#
# Builds Benchmarks/MarkupBenchmark in a scratch package that links JSON and JiraMarkup from
# this checkout, so it neither builds the whole product nor touches this checkout's .build.
#
# usage: Benchmarks/markup-benchmark.sh            (scratch package in ${TMPDIR:-/tmp}/alert2jira-markup-bench)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/alert2jira-markup-bench"
mkdir -p "$work/Sources"
rm -f "$work/Sources/AlertModel"
ln -sfn "$repo/Sources/JSON" "$work/Sources/JSON"
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
    targets: [
        .target(name: "JSON", swiftSettings: swiftSettings),
        .target(name: "JiraMarkup", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .executableTarget(name: "MarkupBenchmark", dependencies: ["JSON", "JiraMarkup"], swiftSettings: swiftSettings),
    ]
)
PACKAGE
cd "$work"
swift build -c release --static-swift-stdlib --product MarkupBenchmark >/dev/null
"$(swift build -c release --static-swift-stdlib --show-bin-path)/MarkupBenchmark"
