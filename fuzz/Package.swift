// swift-tools-version:6.1
// The libFuzzer targets of alert2jira: one executable per target, built with
// `swift build --sanitize=fuzzer --sanitize=address` by `run.sh`, which is how to use them.
import Foundation
import PackageDescription

/// A path dependency's identity is its directory's name, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func product(_ name: String) -> Target.Dependency {
    .product(name: name, package: root)
}

/// A fuzz target: it exports `LLVMFuzzerTestOneInput` and takes libFuzzer's `main`, so it has no entry point of its own.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzSupport"] + products.map { local.contains($0) ? .target(name: $0) : product($0) },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

/// A fuzz target's dependencies: the main package's stages by product name, and the test-support targets this
/// package holds itself.
let local: Set<String> = ["FuzzSupport", "InvariantChecks", "JiraSpec"]

let package = Package(
    name: "alert2jira-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [product("AlertModel"), product("JSON"), product("JiraMarkup")]),
        // The main package's test support, which is no product of it: symlinks to ../Tests/JiraSpec and
        // ../Tests/InvariantChecks, so the fuzz targets judge with the same independent checks as the tests.
        .target(name: "JiraSpec", path: "Sources/JiraSpec"),
        .target(name: "InvariantChecks", dependencies: ["JiraSpec", product("JSON"), product("JiraMarkup")], path: "Sources/InvariantChecks"),
        fuzzTarget("json", ["AlertModel", "JSON"]),
        fuzzTarget("formats", ["AlertModel", "JSON"]),
        fuzzTarget("config", ["InvariantChecks", "AlertConfig", "AlertModel", "AlertRules", "JSON"]),
        fuzzTarget("template", ["InvariantChecks", "AlertModel", "AlertRules", "Contracts", "JSON"]),
        fuzzTarget("adf", ["InvariantChecks", "JiraMarkup", "JSON"]),
        fuzzTarget("wiki", ["InvariantChecks", "JiraMarkup", "JSON"]),
        fuzzTarget("jql", ["JiraKit", "JiraSpec"]),
    ]
)
