import Alert2Jira
import AlertConfig
import AlertModel
import AlertRules
import AlertSpool
import DeliveryService
import Foundation
import Glibc
import Hummingbird
import JiraKit
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WebhookIngest

/// `alert2jira serve`: the webhook server, its durable spool and the delivery worker, wired together.
///
/// Shutdown (SIGTERM, SIGINT) runs in order: the HTTP server stops accepting and finishes the requests
/// in flight (each answered only once its alerts are on disk), then the worker finishes its deliveries
/// (up to `shutdown_timeout`), then the spool is closed. Whatever is cut short stays pending in the
/// spool and is delivered at the next start.
public final class AlertServer: Sendable {
    public let settings: ServerConfig
    public let spool: any SpoolStore
    /// How replicas agree on dedup keys and flood windows (in memory when the spool is this process's alone).
    let coordinator: any DeliveryCoordinator
    public let runtimes: RuntimeStore
    public let metrics: ServerMetrics
    public let health: ConnectionHealth
    public let worker: DeliveryWorker
    public let logger: Logger
    public let redactor: SecretRedactor
    let confirmer: any SNSSubscriptionConfirmer
    /// Keeps other servers off the data directory while this one runs (SQLite spool only).
    let lock: DataDirectoryLock?
    /// `--allow-unauthenticated`, which a reload must honour too.
    let allowUnauthenticated: Bool

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
            if let url = settings.spoolURL {
                lock = nil
                let shared = PostgresSpool(
                    url: url,
                    lease: settings.lease,
                    maximumConnections: settings.workerConcurrency * 2 + 8,
                    logger: logger
                )
                try await shared.open()
                spool = shared
            } else {
                lock = try DataDirectoryLock(directory: settings.dataDirectory)
                // SQLite's pages are 4 KiB; `max_page_count` turns the byte limit into SQLITE_FULL, answered 503.
                let pages = options.maximumSpoolPages ?? max(16, settings.spoolLimit / SQLiteSpool.pageSize)
                let local = try SQLiteSpool(directory: settings.dataDirectory, maximumPageCount: pages)
                if let notice = local.permissionNotice { logger.warning("\(notice)") }
                spool = local
            }
        } catch {
            throw .spool(error)
        }
        coordinator = SpoolCoordinator.of(spool)
        metrics = ServerMetrics()
        health = ConnectionHealth()
        let clients = await ServerRuntime.makeClients(for: config, concurrency: settings.workerConcurrency, metrics: metrics)
        do throws(IngestorError) {
            runtimes = RuntimeStore(try ServerRuntime(config: config, clients: clients, coordinator: coordinator))
        } catch {
            throw .ingest(error)
        }
        self.confirmer = confirmer
        let runtimes = runtimes
        worker = DeliveryWorker(
            spool: spool,
            runtime: { runtimes.current.delivery },
            health: health,
            observer: MetricsDeliveryObserver(metrics: metrics),
            logger: logger,
            settings: WorkerSettings(
                concurrency: settings.workerConcurrency,
                backoff: Backoff(initial: settings.retryInitial, maximum: settings.retryMaximum),
                giveUpAfter: settings.giveUpAfter,
                retention: settings.retention,
                shutdownTimeout: settings.shutdownTimeout,
                authFailureGrace: settings.authFailureGrace
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

    /// The Hummingbird application: the intake, and the worker and health probe as services beside it.
    public func makeApplication(
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let worker = self.worker
        let runtimes = self.runtimes
        let webhooks = WebhookApplication(
            spool: spool,
            runtime: { runtimes.current.intake },
            metrics: metrics,
            readiness: HealthReadiness(health: health, runtimes: runtimes),
            confirmer: confirmer,
            bodyMemory: settings.bodyMemory,
            logger: logger,
            onAccepted: { worker.notify() }
        )
        let probe = HealthProbe(
            runtime: { runtimes.current.delivery },
            health: health,
            logger: logger,
            interval: settings.healthCheckInterval,
            onRecovery: { worker.resume() }
        )
        return webhooks.make(settings: settings, services: [worker, probe], logger: logger, onListening: onListening)
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
        do {
            try await group.run()
        } catch let error as IOError where [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
            // The listener failed to bind: every other service has been cancelled; say why, and stop.
            try? await spool.close()
            throw ServeError.cannotListen(
                address: "\(settings.listen)",
                reason: String(cString: strerror(error.errnoCode)),
                errno: error.errnoCode
            )
        }
        do throws(SpoolError) {
            try await spool.close()
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
            let runtime = try ServerRuntime(config: config, clients: clients, coordinator: coordinator)
            redactor.update(config.secretValues)
            runtimes.replace(runtime)
            worker.resume()
            logger.notice("SIGHUP: config reloaded", metadata: ["rules": "\(config.rules.count)", "sources": "\(config.sources.count)"])
        } catch {
            logger.error("SIGHUP: keeping the running config", metadata: ["error": .string(error.description)])
        }
    }
}
