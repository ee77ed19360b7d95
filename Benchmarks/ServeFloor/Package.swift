// swift-tools-version: 6.0
// The least a webhook server built on this project's chosen stack can cost, for comparing
// `alert2jira serve` against: Hummingbird and GRDB with nothing of ours in between.
// Its own package, so the main build never compiles it. `Benchmarks/serve-floor.sh` builds and measures it.
import PackageDescription

let package = Package(
    name: "ServeFloor",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "serve-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        )
    ]
)
