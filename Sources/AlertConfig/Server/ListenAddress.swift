/// Where `alert2jira serve` listens, written `HOST:PORT` (`127.0.0.1:9097`, `[::1]:9097`, `0.0.0.0:9097`).
///
/// Parsed once, for the config and `--listen` alike, so both refuse the same mistakes with the same words.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public static let `default` = ListenAddress(host: "127.0.0.1", port: 9097)

    /// `HOST:PORT`; brackets around IPv6 hosts; port 0 asks the system for a free one.
    public static func parse(_ text: String) -> Result<ListenAddress, ListenAddressError> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return .failure(ListenAddressError(text: text, reason: "an IPv6 host is written [::1]:9097"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(ListenAddressError(text: text, reason: "it has no port; write HOST:PORT, e.g. 127.0.0.1:9097"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                return .failure(ListenAddressError(text: text, reason: "an IPv6 host is written in brackets, e.g. [::1]:9097"))
            }
        }
        guard !host.isEmpty else {
            return .failure(ListenAddressError(text: text, reason: "it has no host; write 0.0.0.0:PORT to listen on every interface"))
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            return .failure(ListenAddressError(text: text, reason: "the port must be a number between 0 and 65535"))
        }
        return .success(ListenAddress(host: String(host), port: port))
    }

    /// Whether only this machine can connect: anything else must authenticate its senders.
    public var isLoopback: Bool {
        let lowered = host.lowercased()
        return lowered == "localhost" || lowered == "::1" || lowered.hasPrefix("127.")
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// A `--listen` or `server.listen` value that is not `HOST:PORT`.
public struct ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "listen address \"\(text)\" is not valid: \(reason)" }
}
