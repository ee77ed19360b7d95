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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
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
        // Preflight and deliver: Jira client, create metadata, ADF and wiki rendering.
        .target(name: "JiraKit", dependencies: ["CCurl", "AlertModel", "AlertRules", "JiraMarkup"], swiftSettings: swiftSettings),
        // The pipeline that ties the stages together.
        .target(name: "Alert2Jira", dependencies: ["AlertModel", "AlertRules", "JiraKit"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "alert2jira",
            dependencies: [
                "Alert2Jira", "AlertModel", "AlertRules", "JiraKit",
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

        .testTarget(name: "AlertModelTests", dependencies: ["AlertModel"], swiftSettings: swiftSettings),
        .testTarget(name: "AlertRulesTests", dependencies: ["AlertRules"], swiftSettings: swiftSettings),
        .testTarget(name: "JiraMarkupTests", dependencies: ["JiraMarkup"], swiftSettings: swiftSettings),
        .testTarget(name: "JiraKitTests", dependencies: ["JiraKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "Alert2JiraTests",
            dependencies: ["Alert2Jira", "JiraFake", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraFakeTests",
            dependencies: ["JiraFake", .product(name: "HummingbirdTesting", package: "hummingbird")],
            exclude: ["openapi_check.py", "openapi"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["alert2jira", "jira-fake", "AlertModel", "JiraKit"], swiftSettings: swiftSettings),
    ]
)
