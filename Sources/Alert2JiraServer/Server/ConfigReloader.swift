import AlertConfig
import AlertRules
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the config: a valid one replaces the runtime whole (rules, connections, sources);
/// an invalid one is refused with its problems logged, and the running config stays.
struct ConfigReloader: Service {
    let server: AlertServer
    let load: @Sendable () throws(ConfigError) -> Config

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                await server.reload(load)
            }
        }
    }
}
