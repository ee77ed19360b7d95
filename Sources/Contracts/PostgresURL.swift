import Foundation

/// Where replicas keep their shared spool: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&sslrootcert=…]`,
/// as libpq and every PostgreSQL tool read it.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS; libpq's `sslmode` values.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, unverified (libpq's default).
        case prefer
        /// TLS required, the certificate not verified (as libpq's `require` without a root certificate).
        case require
        /// TLS required, the certificate signed by `sslrootcert`, any host name.
        case verifyCA = "verify-ca"
        /// TLS required, the certificate signed by `sslrootcert` and naming the host.
        case verifyFull = "verify-full"
    }

    public var user: String
    /// From the URL, else `server.spool_password_file`, else `PGPASSWORD`; `nil` for trust authentication.
    public var password: Secret?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// A PEM bundle of the certificate authorities to trust (`verify-ca`, `verify-full`).
    public var sslRootCert: String?

    public init(
        user: String,
        password: Secret? = nil,
        host: String,
        port: Int = 5432,
        database: String,
        sslMode: SSLMode = .prefer,
        sslRootCert: String? = nil
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// The address without the password: what logs, errors and `spool` print.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)"
    }

    /// Reads a `postgres://` or `postgresql://` URL; the error says what is wrong and how to write it.
    public static func parse(_ text: String) -> Result<PostgresURL, PostgresURLError> {
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            return .failure(PostgresURLError("must start with postgres:// or postgresql://"))
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        guard let at = rest.lastIndex(of: "@") else {
            return .failure(PostgresURLError("names no user; write postgres://USER@HOST:PORT/DATABASE"))
        }
        let credentials = rest[..<at]
        var hostPort = rest[rest.index(after: at)...]
        let userPart = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let user = userPart[0].removingPercentEncoding, !user.isEmpty else {
            return .failure(PostgresURLError("names no user; write postgres://USER@HOST:PORT/DATABASE"))
        }
        var password: Secret?
        if userPart.count == 2 {
            guard let decoded = userPart[1].removingPercentEncoding else {
                return .failure(PostgresURLError("has a password that is not valid percent-encoding"))
            }
            password = decoded.isEmpty ? nil : Secret(decoded)
        }
        var host: String
        var port = 5432
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return .failure(PostgresURLError("has an IPv6 host without its closing ]")) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            hostPort = hostPort[hostPort.index(after: close)...]
            if hostPort.hasPrefix(":") {
                guard let number = Int(hostPort.dropFirst()), (1...65535).contains(number) else {
                    return .failure(PostgresURLError("has a port that is not a number from 1 to 65535"))
                }
                port = number
            } else if !hostPort.isEmpty {
                return .failure(PostgresURLError("has text after the IPv6 host"))
            }
        } else {
            let parts = hostPort.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = String(parts[0])
            if parts.count == 2 {
                guard let number = Int(parts[1]), (1...65535).contains(number) else {
                    return .failure(PostgresURLError("has a port that is not a number from 1 to 65535"))
                }
                port = number
            }
        }
        guard !host.isEmpty else { return .failure(PostgresURLError("names no host; write postgres://USER@HOST:PORT/DATABASE")) }
        guard let database = path.removingPercentEncoding else {
            return .failure(PostgresURLError("has a database name that is not valid percent-encoding"))
        }
        var url = PostgresURL(user: user, password: password, host: host, port: port, database: database.isEmpty ? user : database)
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count == 2 ? (pair[1].removingPercentEncoding ?? String(pair[1])) : ""
            switch name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) ?? (value == "allow" ? .prefer : nil) else {
                    return .failure(PostgresURLError("has sslmode=\(value); use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
                url.sslMode = mode
            case "sslrootcert":
                url.sslRootCert = value
            case "user":
                url.user = value
            case "password":
                url.password = value.isEmpty ? nil : Secret(value)
            case "dbname":
                url.database = value
            case "application_name", "connect_timeout":
                break
            default:
                return .failure(
                    PostgresURLError(
                        "has the parameter \(name), which alert2jira does not know; it knows sslmode, sslrootcert, user, password, dbname"
                    )
                )
            }
        }
        if [.verifyCA, .verifyFull].contains(url.sslMode), url.sslRootCert == nil {
            return .failure(PostgresURLError("asks for sslmode=\(url.sslMode.rawValue) but names no sslrootcert=FILE to verify the server with"))
        }
        return .success(url)
    }
}

/// Why a `server.spool_url` cannot be used.
public struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "server.spool_url \(reason)" }
}
