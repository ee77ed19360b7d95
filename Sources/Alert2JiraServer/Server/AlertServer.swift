import Alert2Jira
import AlertModel
import AlertRules
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import JiraKit
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `alert2jira serve`: the webhook server, its durable spool and the delivery worker, wired together.
///
/// Shutdown (SIGTERM, SIGINT) runs in order: the HTTP server stops accepting and finishes the requests
/// in flight (each answered only once its alerts are on disk), then the worker finishes its deliveries
/// (up to `shutdown_timeout`), then the spool is closed. Whatever is cut short stays pending in the
/// spool and is delivered at the next start.
public final class AlertServer: Sendable {
    public let settings: ServerConfig
    public let spool: Spool
    public let runtimes: RuntimeStore
    public let metrics: ServerMetrics
    public let health: ConnectionHealth
    public let worker: DeliveryWorker
    public let logger: Logger
    public let redactor: SecretRedactor
    let confirmer: any SNSSubscriptionConfirmer
    /// Keeps other servers off the data directory while this one runs.
    let lock: DataDirectoryLock
    /// `--allow-unauthenticated`, which a reload must honour too.
    let allowUnauthenticated: Bool

    /// The `Server` header of every answer.
    static let serverName = "alert2jira"

    /// Checks the settings, takes the data directory and opens the spool; nothing listens yet.
    public init(
        config: Config,
        options: ServeOptions = ServeOptions(),
        logOutput: LogOutput = .standardError,
        confirmer: any SNSSubscriptionConfirmer = CurlSubscriptionConfirmer()
    ) async throws(ServeError) {
        let settings = options.apply(to: config.server)
        if let problem = Self.securityProblem(config: config, listen: settings.listen, allowUnauthenticated: options.allowUnauthenticated) {
            throw .unauthenticated(problem)
        }
        self.settings = settings
        allowUnauthenticated = options.allowUnauthenticated
        redactor = SecretRedactor(secrets: config.secretValues)
        logger = LogLineHandler.logger(format: settings.logFormat, level: settings.logLevel, redactor: redactor, output: logOutput)
        do throws(SpoolError) {
            lock = try DataDirectoryLock(directory: settings.dataDirectory)
            // SQLite's pages are 4 KiB; `max_page_count` turns the byte limit into SQLITE_FULL, answered 503.
            let pages = options.maximumSpoolPages ?? max(16, settings.spoolLimit / Spool.pageSize)
            spool = try Spool(directory: settings.dataDirectory, maximumPageCount: pages)
        } catch {
            throw .spool(error)
        }
        metrics = ServerMetrics()
        health = ConnectionHealth()
        let clients = await ServerRuntime.makeClients(for: config, concurrency: settings.workerConcurrency, metrics: metrics)
        do throws(IngestorError) {
            runtimes = RuntimeStore(try ServerRuntime(config: config, clients: clients))
        } catch {
            throw .ingest(error)
        }
        self.confirmer = confirmer
        worker = DeliveryWorker(
            spool: spool,
            runtimes: runtimes,
            health: health,
            metrics: metrics,
            logger: logger,
            settings: WorkerSettings(
                concurrency: settings.workerConcurrency,
                backoff: Backoff(initial: settings.retryInitial, maximum: settings.retryMaximum),
                giveUpAfter: settings.giveUpAfter,
                retention: settings.retention,
                shutdownTimeout: settings.shutdownTimeout
            )
        )
    }

    /// Why listening on `listen` would let anyone file issues, or `nil` when it would not.
    public static func securityProblem(config: Config, listen: ListenAddress, allowUnauthenticated: Bool) -> String? {
        guard !listen.isLoopback, !allowUnauthenticated else { return nil }
        if config.sources.isEmpty {
            return "refusing to listen on \(listen) without authentication: anyone who can reach it could file Jira issues; "
                + "add sources: with a bearer_token, basic_auth, hmac or pagerduty_signature (see README), "
                + "listen on 127.0.0.1, or pass --allow-unauthenticated"
        }
        let open = config.sources.filter { !$0.hasCredentials }.map(\.name)
        guard open.isEmpty else {
            return "refusing to listen on \(listen): source\(open.count == 1 ? "" : "s") \(open.map { "\"\($0)\"" }.joined(separator: ", ")) "
                + "need\(open.count == 1 ? "s" : "") no credentials (allow_ips and sns_topics alone do not authenticate); "
                + "give each a bearer_token, basic_auth, hmac or pagerduty_signature, or pass --allow-unauthenticated"
        }
        return nil
    }

    /// The Hummingbird application: routes, read timeouts, and the worker and health probe as services.
    public func makeApplication(
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: ServerRequestContext.self)
        let worker = self.worker
        let intake = AlertIntake(
            runtimes: runtimes,
            spool: spool,
            metrics: metrics,
            logger: logger,
            confirmer: confirmer,
            onAccepted: { worker.notify() }
        )
        let alerts = AlertEndpoint(intake: intake)
        router.post("/alerts") { request, context in
            await alerts.handle(request, context: context, source: nil, format: nil)
        }
        router.post("/alerts/src/:source") { request, context in
            await alerts.handle(request, context: context, source: context.parameters.get("source"), format: nil)
        }
        router.post("/alerts/src/:source/:format") { request, context in
            await alerts.handle(request, context: context, source: context.parameters.get("source"), format: context.parameters.get("format"))
        }
        router.post("/alerts/:format") { request, context in
            await alerts.handle(request, context: context, source: nil, format: context.parameters.get("format"))
        }
        let health = HealthEndpoint(spool: spool, health: self.health, metrics: metrics, runtimes: runtimes)
        router.get("/healthz") { _, _ in health.alive() }
        router.get("/readyz") { _, _ in await health.ready() }
        router.get("/metrics") { _, _ in await health.prometheus() }

        let settings = self.settings
        let probe = HealthProbe(
            runtimes: runtimes,
            health: self.health,
            logger: logger,
            interval: settings.healthCheckInterval,
            onRecovery: { worker.resume() }
        )
        let host = settings.listen.host
        let logger = self.logger
        let connections = ConnectionCount(limit: settings.maxConnections)
        let relay = EventLoopRelay()
        let date = HTTPDate()
        return Application(
            router: router,
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [
                        ConnectionLimitHandler(count: connections),
                        ReadTimeoutHandler(
                            headerTimeout: settings.headerTimeout,
                            bodyTimeout: settings.bodyTimeout,
                            idleTimeout: settings.idleTimeout
                        ),
                        AlertIngestHandler(intake: intake, relay: relay, date: date),
                    ]
                )
            ),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: settings.listen.port),
                serverName: Self.serverName
            ),
            services: [worker, probe],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.listen.port
                logger.notice("listening", metadata: ["address": .string("http://\(ListenAddress(host: host, port: port))")])
                await onListening(host, port)
            },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, reloading the config on SIGHUP, then closes the spool.
    public func run(
        reloadConfig: (@Sendable () throws(ConfigError) -> Config)? = nil,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        var services: [any Service] = [makeApplication(onListening: onListening)]
        if let reloadConfig { services.append(ConfigReloader(server: self, load: reloadConfig)) }
        for warning in Delivery.startupWarnings(for: runtimes.current.config) {
            logger.warning("\(warning)")
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        do throws(SpoolError) {
            try spool.close()
        } catch {
            logger.error("could not close the spool cleanly", metadata: ["error": .string(error.description)])
        }
        logger.notice("stopped")
    }

    /// Loads the config again; keeps the running one when the new one is invalid, and says why.
    public func reload(_ load: @Sendable () throws(ConfigError) -> Config) async {
        let config: Config
        do throws(ConfigError) {
            config = try load()
        } catch {
            logger.error(
                "SIGHUP: the new config is invalid; keeping the running one",
                metadata: ["problems": .array(error.problems.map { .string($0.description) })]
            )
            return
        }
        let current = runtimes.current.config.server
        if config.server.listen != current.listen || config.server.dataDirectory != current.dataDirectory
            || config.server.workerConcurrency != current.workerConcurrency
        {
            logger.warning("SIGHUP: listen, data_dir and worker_concurrency take effect only after a restart")
        }
        if let problem = Self.securityProblem(config: config, listen: settings.listen, allowUnauthenticated: allowUnauthenticated) {
            logger.error("SIGHUP: the new config is refused; keeping the running one", metadata: ["problem": .string(problem)])
            return
        }
        let clients = await ServerRuntime.makeClients(for: config, concurrency: settings.workerConcurrency, metrics: metrics)
        do throws(IngestorError) {
            let runtime = try ServerRuntime(config: config, clients: clients)
            redactor.update(config.secretValues)
            runtimes.replace(runtime)
            worker.resume()
            logger.notice("SIGHUP: config reloaded", metadata: ["rules": "\(config.rules.count)", "sources": "\(config.sources.count)"])
        } catch {
            logger.error("SIGHUP: keeping the running config", metadata: ["error": .string(error.description)])
        }
    }
}
