import AlertConfig
import AlertSpool
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP side of `serve`: alerts answered on the event loop in front of Hummingbird's router, which
/// serves health and metrics; connection limits and read timeouts; and whatever services run beside it.
public struct WebhookApplication: Sendable {
    /// The `Server` header of every answer.
    public static let serverName = "alert2jira"

    let intake: AlertIntake
    let health: HealthEndpoint

    /// - Parameters:
    ///   - runtime: the intake runtime in force, read once per request.
    ///   - onAccepted: called after alerts are spooled, to wake the delivery worker.
    public init(
        spool: any SpoolStore,
        runtime: @escaping @Sendable () -> IntakeRuntime,
        metrics: ServerMetrics,
        readiness: any ConnectionReadiness,
        confirmer: any SNSSubscriptionConfirmer,
        bodyMemory: Int,
        logger: Logger,
        onAccepted: @escaping @Sendable () -> Void
    ) {
        BodyBudget.limitArenas()
        intake = AlertIntake(
            runtime: runtime,
            spool: spool,
            metrics: metrics,
            logger: logger,
            confirmer: confirmer,
            budget: BodyBudget(limit: bodyMemory),
            onAccepted: onAccepted
        )
        health = HealthEndpoint(spool: spool, connections: readiness, metrics: metrics)
    }

    /// Known paths asked with another method get 405 and the methods they take (`Allow`), as HTTP has it,
    /// instead of a 404 that says the path does not exist.
    static func routeOtherMethods(_ router: Router<ServerRequestContext>, health: HealthEndpoint) {
        let alertPaths = ["/alerts", "/alerts/:format", "/alerts/src/:source", "/alerts/src/:source/:format"]
        let others: [HTTPRequest.Method] = [.get, .head, .put, .delete, .patch, .options]
        for path in alertPaths {
            for method in others {
                router.on(RouterPath(path), method: method) { _, _ in JSONResponse.notAllowed(allow: "POST", options: method == .options) }
            }
        }
        for (path, _) in health.probes {
            for method in [HTTPRequest.Method.post, .put, .delete, .patch, .options] {
                router.on(RouterPath(path), method: method) { _, _ in JSONResponse.notAllowed(allow: "GET, HEAD", options: method == .options) }
            }
        }
    }

    /// The probes, GET and HEAD: a HEAD probe gets the status a GET would, without the body.
    static func routeProbes(_ router: Router<ServerRequestContext>, health: HealthEndpoint) {
        for (path, answer) in health.probes {
            router.get(RouterPath(path)) { _, _ in await answer() }
            router.head(RouterPath(path)) { _, _ in
                var response = await answer()
                response.body = ResponseBody()
                return response
            }
        }
    }

    /// The application listening on `settings.listen`, running `services` until it stops.
    public func make(
        settings: ServerConfig,
        services: [any Service],
        logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router(context: ServerRequestContext.self)
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
        Self.routeProbes(router, health: health)
        Self.routeOtherMethods(router, health: health)

        let host = settings.listen.host
        let connections = ConnectionCount(limit: settings.maxConnections)
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
                        AlertIngestHandler(intake: intake, relay: EventLoopRelay(), date: HTTPDate()),
                    ]
                )
            ),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: settings.listen.port),
                serverName: Self.serverName
            ),
            services: services,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.listen.port
                logger.notice("listening", metadata: ["address": .string("http://\(ListenAddress(host: host, port: port))")])
                await onListening(host, port)
            },
            logger: logger
        )
    }
}
