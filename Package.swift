// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "alert2jira",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "alert2jira", targets: ["alert2jira"]),
        .executable(name: "jira-fake", targets: ["jira-fake"]),
        .library(name: "Alert2Jira", targets: ["Alert2Jira"]),
        // The stages on their own, for the fuzz targets in fuzz/ (a package of its own).
        .library(name: "AlertModel", targets: ["AlertModel"]),
        .library(name: "AlertRules", targets: ["AlertRules"]),
        .library(name: "JiraMarkup", targets: ["JiraMarkup"]),
        .library(name: "JiraKit", targets: ["JiraKit"]),
        // What Jira accepts, checked independently of our renderers; shared by the tests and the fuzz targets.
        .library(name: "InvariantChecks", targets: ["InvariantChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Ingest: bytes → normalized alerts.
        .target(name: "AlertModel", swiftSettings: swiftSettings),
        // Route and render: config, rules, templates → IssueDraft.
        .target(
            name: "AlertRules",
            dependencies: [
                "AlertModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // Atlassian Document Format and wiki markup, built so alert text can never become markup.
        .target(name: "JiraMarkup", dependencies: ["AlertModel"], swiftSettings: swiftSettings),
        // libcurl with the C shims Swift needs for its variadic API.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // SHA-256 and HMAC from the system's OpenSSL libcrypto, for webhook signatures.
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        // Preflight and deliver: Jira client, create metadata, ADF and wiki rendering.
        .target(name: "JiraKit", dependencies: ["CCurl", "AlertModel", "AlertRules", "JiraMarkup"], swiftSettings: swiftSettings),
        // The pipeline that ties the stages together.
        .target(name: "Alert2Jira", dependencies: ["AlertModel", "AlertRules", "JiraKit"], swiftSettings: swiftSettings),
        // The webhook server: authenticated ingestion, the durable spool and its delivery worker, metrics.
        .target(
            name: "Alert2JiraServer",
            dependencies: [
                "Alert2Jira", "AlertModel", "AlertRules", "CCrypto", "JiraKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "alert2jira",
            dependencies: [
                "Alert2Jira", "Alert2JiraServer", "AlertModel", "AlertRules", "JiraKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // A stateful fake of Jira Cloud and Data Center for tests, benchmarks and local trials.
        .target(
            name: "JiraFake",
            dependencies: [
                "AlertModel",
                "JiraMarkup",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "jira-fake",
            dependencies: ["JiraFake", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // Test support: the invariants the property tests and fuzz targets check, and generators of hostile text.
        .target(name: "InvariantChecks", dependencies: ["AlertModel", "JiraMarkup"], path: "Tests/InvariantChecks", swiftSettings: swiftSettings),
        .target(
            name: "NastyStrings",
            dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/NastyStrings",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "AlertModelTests", dependencies: ["AlertModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AlertRulesTests",
            dependencies: ["AlertRules", "InvariantChecks", "NastyStrings", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraMarkupTests",
            dependencies: ["JiraMarkup", "InvariantChecks", "NastyStrings", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraKitTests",
            dependencies: ["JiraKit", "InvariantChecks", "NastyStrings", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Alert2JiraTests",
            dependencies: [
                "Alert2Jira", "JiraFake", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraFakeTests",
            dependencies: ["JiraFake", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["openapi_check.py", "openapi"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Alert2JiraServerTests",
            dependencies: ["Alert2JiraServer", "JiraFake", .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["alert2jira", "jira-fake", "AlertModel", "JiraKit"], swiftSettings: swiftSettings),
    ]
)
