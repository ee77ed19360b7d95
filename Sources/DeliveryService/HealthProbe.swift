import Alert2Jira
import JiraKit
import Logging
import ServiceLifecycle

/// Asks every Jira connection `serverInfo` at start and then every `interval`, so `/readyz` knows
/// whether Jira answers even when no alert is being delivered, and a paused connection resumes as
/// soon as Jira is back.
public struct HealthProbe: Service {
    let runtime: @Sendable () -> DeliveryRuntime
    let health: ConnectionHealth
    let logger: Logger
    let interval: Duration
    /// Wakes the worker when a paused connection recovers.
    let onRecovery: @Sendable () -> Void

    public init(
        runtime: @escaping @Sendable () -> DeliveryRuntime,
        health: ConnectionHealth,
        logger: Logger,
        interval: Duration,
        onRecovery: @escaping @Sendable () -> Void
    ) {
        self.runtime = runtime
        self.health = health
        self.logger = logger
        self.interval = interval
        self.onRecovery = onRecovery
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await probeAll()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func probeAll() async {
        let clients = runtime().delivery.clients
        for (name, client) in clients.sorted(by: { $0.key < $1.key }) {
            let wasFailing = await health.snapshot()[name]?.failing ?? false
            do throws(JiraError) {
                _ = try await client.serverInfo()
                await health.succeeded(name, message: "Jira answered")
                if wasFailing {
                    logger.notice("Jira connection is back", metadata: ["connection": .string(name)])
                    onRecovery()
                }
            } catch {
                if !wasFailing {
                    logger.warning("Jira connection is failing", metadata: ["connection": .string(name), "error": .string(error.description)])
                }
                await health.failed(name, message: error.description, pauseUntil: nil)
            }
        }
    }
}
