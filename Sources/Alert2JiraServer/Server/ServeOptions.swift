import AlertConfig
import AlertRules

/// What the command line says about serving, over the config file's `server:` section.
public struct ServeOptions: Sendable {
    public var listen: ListenAddress?
    public var dataDirectory: String?
    public var logFormat: ServerConfig.LogFormat?
    /// Start on a non-loopback address even though some senders need no credentials.
    public var allowUnauthenticated: Bool
    /// Caps the spool's size in SQLite pages; tests use it to fill the "disk".
    public var maximumSpoolPages: Int?

    public init(
        listen: ListenAddress? = nil,
        dataDirectory: String? = nil,
        logFormat: ServerConfig.LogFormat? = nil,
        allowUnauthenticated: Bool = false,
        maximumSpoolPages: Int? = nil
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.logFormat = logFormat
        self.allowUnauthenticated = allowUnauthenticated
        self.maximumSpoolPages = maximumSpoolPages
    }

    /// The config's server settings with the command line's overrides applied.
    public func apply(to server: ServerConfig) -> ServerConfig {
        var effective = server
        if let listen { effective.listen = listen }
        if let dataDirectory { effective.dataDirectory = dataDirectory }
        if let logFormat { effective.logFormat = logFormat }
        return effective
    }
}
