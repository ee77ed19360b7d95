import Contracts
import PostgresNIO

extension SpoolError {
    /// What PostgreSQL's answer means for the spool and what to do about it; never says the password.
    static func from(_ error: any Error, url: PostgresURL, doing what: String) -> SpoolError {
        if let spoolError = error as? SpoolError { return spoolError }
        if let transaction = error as? PostgresTransactionError,
            let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError
        {
            return from(cause, url: url, doing: what)
        }
        let location = url.description
        guard let error = error as? PSQLError else {
            return .unreachable(location: location, reason: "cannot \(what): \(error)")
        }
        if error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "an error"
            switch state {
            case "28P01", "28000":
                return .refused(
                    location: location,
                    reason: "it does not accept user \(url.user) with this password (\(message)); check server.spool_url's user and "
                        + "the password in the URL, server.spool_password_file or PGPASSWORD"
                )
            case "3D000":
                return .refused(location: location, reason: "\(message); create it (CREATE DATABASE \(url.database) OWNER \(url.user))")
            case "42501":
                return .refused(
                    location: location,
                    reason: "user \(url.user) may not \(what) (\(message)); GRANT it CREATE and USAGE on the schema, or start once as the owner"
                )
            case _ where state.hasPrefix("08") || state.hasPrefix("57") || state == "53300":
                // Connection exceptions, operator intervention (shutdown, restart), too many connections.
                return .unreachable(location: location, reason: "\(message) (SQLSTATE \(state))")
            case "53100":
                return .full(location: location)
            default:
                return .unavailable(location: location, reason: "cannot \(what): \(message) (SQLSTATE \(state))")
            }
        }
        switch error.code {
        case .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .refused(location: location, reason: "TLS failed (\(error.code)); check sslmode and sslrootcert in server.spool_url")
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return .refused(
                location: location,
                reason: "it asks for a password this configuration does not give (\(error.code)); set one in server.spool_url, "
                    + "server.spool_password_file or PGPASSWORD"
            )
        default:
            let underlying = error.underlying.map { " (\($0))" } ?? ""
            return .unreachable(location: location, reason: "cannot \(what): \(error.code)\(underlying)")
        }
    }
}
