// swift-tools-version:6.1
// alert2jira runs on Linux only: it links libcurl, libcrypto, SQLite, zlib and RE2 from the system and calls Glibc
// directly, so the package names no Apple platform.
import PackageDescription

#if canImport(Glibc)
import Glibc
#endif

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// A product of another package in the graph, by package and product name.
func external(_ product: String, _ package: String) -> Target.Dependency {
    .product(name: product, package: package)
}

let hummingbird = external("Hummingbird", "hummingbird")
let hummingbirdCore = external("HummingbirdCore", "hummingbird")
let httpTypes = external("HTTPTypes", "swift-http-types")
let nioCore = external("NIOCore", "swift-nio")
let nioHTTPTypes = external("NIOHTTPTypes", "swift-nio-extras")
let nioHTTPTypesHTTP1 = external("NIOHTTPTypesHTTP1", "swift-nio-extras")
let nioHTTP1 = external("NIOHTTP1", "swift-nio")
let logging = external("Logging", "swift-log")
let serviceLifecycle = external("ServiceLifecycle", "swift-service-lifecycle")
let unixSignals = external("UnixSignals", "swift-service-lifecycle")
let argumentParser = external("ArgumentParser", "swift-argument-parser")
let propertyBased = external("PropertyBased", "swift-property-based")

/// How release builds of `alert2jira` are linked on Linux, so that the server idles in less memory.
///
/// A server's idle memory is mostly the pages of its own binary that start-up touched, and the kernel maps
/// them 64 KB at a time: start-up code scattered over 31 MB of text left 18 MB of it resident. lld lays
/// out the functions that start-up and a request run (deploy/link-order.txt, written by
/// scripts/link-order) next to each other. The other flags drop what only the dynamic loader reads:
/// Swift's default of exporting every symbol (50,000 of them, looked up at load) and, where glibc can
/// read the packed form (2.36 and later), 3 MB of relocations. Together they took the idle server from
/// 51 MB to 34 MB of RSS (Benchmarks/serve-benchmark.sh, with BASELINE_BIN for the old build).
let leanReleaseLinking: [LinkerSetting] = {
    var flags = [
        "-use-ld=lld",
        "-Xlinker", "--no-export-dynamic",
        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/deploy/link-order.txt",
        // Functions renamed since the list was written are only laid out elsewhere; scripts/link-order renews it.
        "-Xlinker", "--no-warn-symbol-ordering",
    ]
    if glibcReadsPackedRelocations {
        flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
    }
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
}()

/// Whether the glibc this builds against loads DT_RELR relocations (2.36 and later): a binary with them
/// does not start on an older one.
var glibcReadsPackedRelocations: Bool {
    #if canImport(Glibc)
    var buffer = [CChar](repeating: 0, count: 64)
    guard confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 else { return false }
    // "glibc 2.36"
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let version = text.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
    return version.count >= 2 && (version[0], version[1]) >= (2, 36)
    #else
    return false
    #endif
}

let package = Package(
    name: "alert2jira",
    products: [
        .executable(name: "alert2jira", targets: ["alert2jira"]),
        // The stages on their own, for the fuzz targets in fuzz/ (a package of its own).
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "AlertModel", targets: ["AlertModel"]),
        .library(name: "Contracts", targets: ["Contracts"]),
        .library(name: "AlertConfig", targets: ["AlertConfig"]),
        .library(name: "AlertRules", targets: ["AlertRules"]),
        .library(name: "JiraMarkup", targets: ["JiraMarkup"]),
        .library(name: "JiraKit", targets: ["JiraKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // MARK: Ingest: bytes → normalized alerts

        // The streaming JSON parser with positions, and the order-keeping value everything reads.
        .target(name: "JSON", swiftSettings: swiftSettings),
        // Alerts, format detection, one decoder per sender.
        .target(name: "AlertModel", dependencies: ["JSON"], swiftSettings: swiftSettings),

        // MARK: Contracts between the stages

        // What route/render hands to preflight/deliver: the draft, its values, the connection, secrets.
        .target(name: "Contracts", swiftSettings: swiftSettings),

        // MARK: Route and render: config, rules, templates → IssueDraft

        // YAML with file:line:col diagnostics, secrets, connections, the server and its sources.
        .target(
            name: "AlertConfig",
            dependencies: ["AlertModel", "Contracts", external("Yams", "Yams")],
            swiftSettings: swiftSettings
        ),
        // Matchers, the router and templates: which rule takes an alert, and the draft it makes.
        // RE2's matcher behind C functions: linear time, and Alertmanager's regex syntax.
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .target(
            name: "AlertRules",
            dependencies: ["AlertConfig", "AlertModel", "CRE2", "Contracts", "JSON", external("Mustache", "swift-mustache")],
            swiftSettings: swiftSettings
        ),

        // MARK: Preflight and deliver

        // Atlassian Document Format and wiki markup, built so alert text can never become markup.
        .target(name: "JiraMarkup", dependencies: ["JSON"], swiftSettings: swiftSettings),
        // libcurl, loaded on first use so that runs which never reach Jira do not pay for loading it,
        // with the C shims Swift needs for its variadic API.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // Transport, auth, client (Cloud + DC), create metadata, preflight, shaping, dedup search.
        .target(name: "JiraKit", dependencies: ["CCurl", "Contracts", "JSON", "JiraMarkup"], swiftSettings: swiftSettings),
        // The pipeline: send, preview, lifecycle.
        .target(
            name: "Alert2Jira",
            dependencies: ["AlertConfig", "AlertModel", "AlertRules", "Contracts", "JSON", "JiraKit"],
            swiftSettings: swiftSettings
        ),

        // MARK: Around the pipeline: insight and onboarding

        // `report`: how fast the issues alert2jira made get acknowledged and resolved, from their changelogs.
        .target(name: "AlertReport", dependencies: ["AlertConfig", "AlertRules", "Contracts", "JSON", "JiraKit"], swiftSettings: swiftSettings),
        // `init`: a config written from a live project's create screens, or converted from jiralert and Alertmanager.
        .target(
            name: "Onboarding",
            dependencies: ["Alert2Jira", "AlertConfig", "AlertModel", "AlertRules", "Contracts", "JSON", "JiraKit", external("Yams", "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: The spool beside deliver, and the server around them

        // The spool's protocol and its backends, SQLite (one server) and PostgreSQL (replicas): every accepted
        // alert until its outcome is final.
        .target(
            name: "AlertSpool",
            dependencies: [
                "Contracts", "JSON", external("GRDB", "GRDB.swift"), external("PostgresNIO", "postgres-nio"), nioCore,
                external("NIOSSL", "swift-nio-ssl"), logging,
            ],
            swiftSettings: swiftSettings
        ),
        // Claims due alerts, delivers them through the pipeline, retries with backoff, pauses connections.
        .target(
            name: "DeliveryService",
            dependencies: ["Alert2Jira", "AlertModel", "AlertRules", "AlertSpool", "Contracts", "JSON", "JiraKit", logging, serviceLifecycle],
            swiftSettings: swiftSettings
        ),
        // SHA-256 and HMAC from the system's OpenSSL libcrypto, for webhook signatures.
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        // glibc's malloc_trim and mallopt, which Swift's Glibc module leaves out: memory back after bursts.
        .target(name: "CMemory"),
        // zlib's inflate with a cap on the output, for compressed webhook bodies.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // The HTTP intake: source auth, payload checks, the spool write, health and metrics endpoints.
        .target(
            name: "WebhookIngest",
            dependencies: [
                "AlertConfig", "AlertModel", "AlertSpool", "CCrypto", "CMemory", "CZlib", "Contracts", "JSON",
                hummingbird, hummingbirdCore, httpTypes, nioCore, nioHTTP1, nioHTTPTypes, nioHTTPTypesHTTP1, logging, serviceLifecycle,
                external("Metrics", "swift-metrics"), external("CoreMetrics", "swift-metrics"), external("Prometheus", "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // `serve` wired together: intake, spool and worker, logs, signals and reloads.
        .target(
            name: "Alert2JiraServer",
            dependencies: [
                "Alert2Jira", "AlertConfig", "AlertModel", "AlertRules", "AlertSpool", "DeliveryService", "JSON", "JiraKit", "WebhookIngest",
                hummingbird, logging, nioCore, serviceLifecycle, unixSignals,
            ],
            swiftSettings: swiftSettings
        ),
        // The executable: argument parsing and printing only.
        .executableTarget(
            name: "alert2jira",
            dependencies: [
                "Alert2Jira", "Alert2JiraServer", "AlertConfig", "AlertModel", "AlertReport", "AlertRules", "AlertSpool", "Contracts", "JSON",
                "JiraKit", "Onboarding", argumentParser,
            ],
            swiftSettings: swiftSettings,
            linkerSettings: leanReleaseLinking
        ),

        // MARK: Test support (no product depends on these)

        // Jira's acceptance rules, written independently of the product: its own JSON parser, the ADF schema,
        // JQL lexing, field rules and Jira's messages. The fake and the checks judge with this, never with ours.
        .target(name: "JiraSpec", path: "Tests/JiraSpec", swiftSettings: swiftSettings),
        // A stateful fake of Jira Cloud and Data Center for tests, benchmarks and local trials (`jira-fake`).
        .target(
            name: "JiraFake",
            dependencies: ["JiraSpec", hummingbird, httpTypes, nioCore, logging, external("Yams", "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "jira-fake", dependencies: ["JiraFake", "JiraSpec", argumentParser, logging], swiftSettings: swiftSettings),
        // The invariants the property tests and fuzz targets check on our output, judged through JiraSpec.
        .target(
            name: "InvariantChecks",
            dependencies: ["JSON", "JiraMarkup", "JiraSpec"],
            path: "Tests/InvariantChecks",
            swiftSettings: swiftSettings
        ),
        // What every test target shares: temporary directories, waiting on a condition, child processes that
        // never outlive their test, the repository's samples.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        // Generators of hostile text for property tests.
        .target(name: "NastyStrings", dependencies: [propertyBased], path: "Tests/NastyStrings", swiftSettings: swiftSettings),

        // MARK: Tests, next to their stage

        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "AlertModelTests", dependencies: ["AlertModel", "JSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AlertRulesTests",
            dependencies: [
                "AlertConfig", "AlertModel", "AlertRules", "Contracts", "JSON", "InvariantChecks", "NastyStrings", "TestSupport", propertyBased,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraMarkupTests",
            dependencies: ["AlertModel", "JSON", "JiraMarkup", "JiraSpec", "InvariantChecks", "NastyStrings", propertyBased],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraKitTests",
            dependencies: ["Contracts", "JSON", "JiraKit", "JiraSpec", "InvariantChecks", "NastyStrings", propertyBased],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Alert2JiraTests",
            dependencies: [
                "Alert2Jira", "AlertConfig", "AlertModel", "AlertRules", "Contracts", "JSON", "JiraKit", "JiraFake", "JiraSpec", "TestSupport",
                hummingbird,
                logging,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraSpecTests",
            dependencies: ["JiraSpec"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JiraFakeTests",
            dependencies: ["JiraFake", "JiraSpec", "TestSupport", hummingbird, httpTypes, external("HummingbirdTesting", "hummingbird")],
            exclude: ["openapi_check.py", "openapi"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlertSpoolTests",
            dependencies: ["AlertSpool", "Contracts", "TestSupport", external("GRDB", "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeliveryServiceTests",
            dependencies: ["Alert2Jira", "AlertModel", "DeliveryService", "JSON", "JiraKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "WebhookIngestTests", dependencies: ["AlertConfig", "WebhookIngest"], swiftSettings: swiftSettings),
        // `serve` as a whole, in process: intake, spool, worker and jira-fake together.
        .testTarget(
            name: "Alert2JiraServerTests",
            dependencies: [
                "Alert2Jira", "Alert2JiraServer", "AlertConfig", "AlertModel", "AlertRules", "AlertSpool", "DeliveryService", "JSON", "JiraFake",
                "JiraSpec",
                "TestSupport", "WebhookIngest", hummingbird, httpTypes, nioCore, logging, external("HummingbirdTesting", "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlertReportTests",
            dependencies: ["AlertReport", "AlertConfig", "AlertRules", "Contracts", "JSON", "JiraKit", "JiraFake", "JiraSpec", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnboardingTests",
            dependencies: ["Onboarding", "Alert2Jira", "AlertConfig", "AlertRules", "Contracts", "JSON", "JiraKit", "JiraFake", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["alert2jira", "jira-fake", "AlertModel", "JSON", "JiraKit", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
