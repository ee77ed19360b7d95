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
        dependencies: ["FuzzSupport"] + products.map(product),
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "alert2jira-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [product("AlertModel"), product("JiraMarkup")]),
        fuzzTarget("json", ["AlertModel"]),
        fuzzTarget("formats", ["AlertModel"]),
        fuzzTarget("config", ["InvariantChecks", "AlertModel", "AlertRules"]),
        fuzzTarget("template", ["InvariantChecks", "AlertModel", "AlertRules"]),
        fuzzTarget("adf", ["InvariantChecks", "AlertModel", "JiraMarkup"]),
        fuzzTarget("wiki", ["InvariantChecks", "AlertModel", "JiraMarkup"]),
        fuzzTarget("jql", ["InvariantChecks", "JiraKit"]),
    ]
)
