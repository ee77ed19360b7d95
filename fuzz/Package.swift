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

/// Each fuzz target exports `LLVMFuzzerTestOneInput` and takes libFuzzer's `main`, so it has no entry point of its own.
let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "alert2jira-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [product("AlertModel"), product("JiraMarkup")]),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", product("AlertModel")], swiftSettings: fuzzSettings),
        .executableTarget(name: "fuzz-formats", dependencies: ["FuzzSupport", product("AlertModel")], swiftSettings: fuzzSettings),
        .executableTarget(
            name: "fuzz-config",
            dependencies: ["FuzzSupport", product("InvariantChecks"), product("AlertModel"), product("AlertRules")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "fuzz-template",
            dependencies: ["FuzzSupport", product("InvariantChecks"), product("AlertModel"), product("AlertRules")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "fuzz-adf",
            dependencies: ["FuzzSupport", product("InvariantChecks"), product("AlertModel"), product("JiraMarkup")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "fuzz-wiki",
            dependencies: ["FuzzSupport", product("InvariantChecks"), product("AlertModel"), product("JiraMarkup")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(name: "fuzz-jql", dependencies: ["FuzzSupport", product("InvariantChecks"), product("JiraKit")], swiftSettings: fuzzSettings),
    ]
)
