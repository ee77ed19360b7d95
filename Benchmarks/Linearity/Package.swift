// swift-tools-version:6.1
// How the cost of the input-facing stages grows with the input: each case runs at a size and at four times
// it, and prints nanoseconds per input byte for both. Linear code gives the same figure twice. Built in
// release by Benchmarks/linearity.sh, apart from the main build.
import Foundation
import PackageDescription

/// A path dependency's identity is its directory's name, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "linearity",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "linearity",
            dependencies: ["AlertModel", "AlertRules", "Contracts", "JSON", "JiraMarkup"].map { .product(name: $0, package: root) }
        )
    ]
)
