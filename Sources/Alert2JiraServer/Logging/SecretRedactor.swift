import Foundation
import Synchronization

/// Masks every configured credential in log text, whatever path brought it there (an error quoting a
/// URL with `user:password@`, an echoed header), as a last line of defence behind `Secret`.
///
/// Shared by all loggers of the server and updated when SIGHUP loads new credentials.
public final class SecretRedactor: Sendable {
    private let secrets: Mutex<[String]>

    public init(secrets: [String] = []) {
        self.secrets = Mutex([])
        update(secrets)
    }

    public func update(_ values: [String]) {
        // Longest first, so a secret that contains another is masked whole.
        let sorted = values.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        secrets.withLock { $0 = sorted }
    }

    public func redact(_ text: String) -> String {
        let current = secrets.withLock { $0 }
        var result = text
        for secret in current where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}
