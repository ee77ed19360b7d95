#!/usr/bin/env bash
# Prints nanoseconds per description for JiraMarkup's wiki markup and ADF rendering (release build), using the
# realistic description in Tests/JiraMarkupTests/MarkupBenchmarks.swift (~600 bytes of text, 2 URLs, 6 labels,
# no payload).
#
# Builds in a scratch package that links AlertModel, JiraMarkup and their tests from this checkout, so it neither
# builds the whole product nor touches this checkout's .build.
#
# usage: Benchmarks/markup-benchmark.sh            (scratch package in ${TMPDIR:-/tmp}/alert2jira-markup-bench)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/alert2jira-markup-bench"
mkdir -p "$work/Sources" "$work/Tests"
ln -sfn "$repo/Sources/AlertModel" "$work/Sources/AlertModel"
ln -sfn "$repo/Sources/JiraMarkup" "$work/Sources/JiraMarkup"
ln -sfn "$repo/Tests/JiraMarkupTests" "$work/Tests/JiraMarkupTests"
cat > "$work/Package.swift" <<'EOF'
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
        .testTarget(name: "JiraMarkupTests", dependencies: ["JiraMarkup"], swiftSettings: swiftSettings),
    ]
)
EOF
cd "$work"
output="$(MARKUP_BENCHMARK=1 swift test -c release --filter MarkupBenchmarks 2>&1)" || {
    echo "$output" >&2
    exit 1
}
echo "$output" | sed -n 's/^markup-benchmark: //p'
