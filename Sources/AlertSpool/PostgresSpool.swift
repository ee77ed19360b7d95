import Contracts
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The spool replicas share: a PostgreSQL database that any number of `alert2jira serve` processes accept into
/// and deliver from. 202 still means committed: an accept returns once PostgreSQL's commit did.
///
/// A worker claims due alerts with `FOR UPDATE SKIP LOCKED` and a lease it renews while it delivers; a replica
/// killed or stalled loses its leases when they lapse, and another takes the rows over. Verdicts quote the
/// lease, so a replica that wakes up after losing a row cannot finish it. Alerts with the same dedup key are
/// delivered one after the other across the cluster (``SpoolCluster``).
public final class PostgresSpool: SpoolStore, Sendable {
    public let url: PostgresURL
    public var location: String { url.description }
    public let lease: Duration
    /// Who holds a claim, for operators reading the table: host and process.
    let owner: String
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Every call waits at most this long for PostgreSQL, so a dead database means a quick 503, not a hung request.
    static let callTimeout: Duration = .seconds(10)

    /// Connects (lazily) to `url`; ``open()`` checks the connection and the schema.
    public init(url: PostgresURL, lease: Duration = .seconds(120), maximumConnections: Int = 20, logger: Logger = Logger(label: "alert2jira.spool")) {
        self.url = url
        self.lease = lease
        self.logger = logger
        owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        var configuration = PostgresClient.Configuration(
            host: url.host,
            port: url.port,
            username: url.user,
            password: url.password?.value,
            database: url.database,
            tls: Self.tls(for: url)
        )
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = [("application_name", "alert2jira")]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Checks that the database takes this user, then creates or migrates the schema (safe when replicas
    /// start together). A schema newer than this binary knows is refused, never written to.
    public func open() async throws(SpoolError) {
        try await preflight()
        try await migrate()
    }

    /// One connection made directly, outside the pool: the pool retries a failing login quietly, while this
    /// says at once whether the password, the database or the network is the problem.
    func preflight() async throws(SpoolError) {
        let url = self.url
        let logger = self.logger
        try await call("log in") { _ in
            var configuration = PostgresConnection.Configuration(
                host: url.host,
                port: url.port,
                username: url.user,
                password: url.password?.value,
                database: url.database,
                tls: try Self.connectionTLS(for: url)
            )
            configuration.options.connectTimeout = .seconds(5)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        }
    }

    public func close() async throws(SpoolError) {
        runner.cancel()
        _ = await runner.value
    }

    public var leaseDuration: Duration? { lease }
    public var cluster: (any SpoolCluster)? { self }

    /// libpq's `sslmode` in NIOSSL's terms: whether TLS is off, tried or required, and how the server is verified.
    static func tlsChoice(for url: PostgresURL) -> (use: TLSUse, configuration: TLSConfiguration) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable:
            return (.disable, configuration)
        case .prefer, .require:
            // As libpq: encrypted, but without a root certificate there is nothing to verify the server against.
            configuration.certificateVerification = .none
            return (url.sslMode == .prefer ? .prefer : .require, configuration)
        case .verifyCA, .verifyFull:
            configuration.certificateVerification = url.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
            if let file = url.sslRootCert { configuration.trustRoots = .file(file) }
            return (.require, configuration)
        }
    }

    enum TLSUse {
        case disable
        case prefer
        case require
    }

    static func tls(for url: PostgresURL) -> PostgresClient.Configuration.TLS {
        let (use, configuration) = tlsChoice(for: url)
        switch use {
        case .disable: return .disable
        case .prefer: return .prefer(configuration)
        case .require: return .require(configuration)
        }
    }

    /// The same for a single connection, which wants a ready SSL context.
    static func connectionTLS(for url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        let (use, configuration) = tlsChoice(for: url)
        switch use {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: configuration))
        case .require: return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    // MARK: - Calls

    /// Runs `body` with a deadline; PostgreSQL's errors become ``SpoolError``s that say what to do.
    ///
    /// The call that overstays is left to finish (or fail) on its own: waiting for it to notice a cancellation
    /// is what the deadline is there to avoid.
    func call<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws(SpoolError) -> T {
        let client = self.client
        let location = self.location
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            let once = FirstAnswer(continuation)
            let work = Task {
                do { once.resume(.success(try await body(client))) } catch { once.resume(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: Self.callTimeout)
                if once.resume(
                    .failure(SpoolError.unreachable(location: location, reason: "no answer within \(Self.callTimeout) while trying to \(what)"))
                ) {
                    work.cancel()
                }
            }
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw SpoolError.from(error, url: url, doing: what)
        }
    }

    /// A transaction with a deadline.
    func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(SpoolError) -> T {
        let logger = self.logger
        return try await call(what) { client in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// Resumes a continuation with whichever answer comes first; the later ones are dropped.
final class FirstAnswer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Result<T, any Error>, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
        self.continuation = Mutex(continuation)
    }

    /// Whether this answer was the first.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let waiting = continuation.withLock { current -> CheckedContinuation<Result<T, any Error>, Never>? in
            defer { current = nil }
            return current
        }
        waiting?.resume(returning: result)
        return waiting != nil
    }
}

extension FirstAnswer where T == Void {
    /// An answer given later, from elsewhere (the locks are held), that a caller waits for with a deadline.
    final class Pending: Sendable {
        private let state = Mutex<(answer: Result<Void, any Error>?, waiter: FirstAnswer<Void>?)>((nil, nil))

        /// Gives the answer; whether the caller takes it (it has not given up waiting).
        @discardableResult
        func answer(_ result: Result<Void, any Error>) -> Bool {
            let waiter = state.withLock { state -> FirstAnswer<Void>? in
                if state.answer == nil { state.answer = result }
                return state.waiter
            }
            // Before the caller waits, the answer is kept for it, and it takes it at once.
            return waiter?.resume(result) ?? true
        }

        /// The answer, or `timedOut()`'s error when none comes within `deadline`.
        func wait(orAfter deadline: Duration, timedOut: @escaping @Sendable () -> any Error) async -> Result<Void, any Error> {
            await withCheckedContinuation { continuation in
                let once = FirstAnswer<Void>(continuation)
                let early = state.withLock { state -> Result<Void, any Error>? in
                    state.waiter = once
                    return state.answer
                }
                if let early { once.resume(early) }
                Task {
                    try? await Task.sleep(for: deadline)
                    once.resume(.failure(timedOut()))
                }
            }
        }
    }
}
