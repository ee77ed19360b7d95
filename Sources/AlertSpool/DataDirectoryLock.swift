import Foundation
import Glibc

/// An exclusive `flock` on `serve.lock` in the data directory, held while a server runs: two servers
/// draining one spool would deliver every alert twice. `alert2jira spool` does not take it; SQLite's
/// own locking keeps its edits safe alongside the server.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    public init(directory: String) throws(SpoolError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unavailable(location: directory, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let descriptor = open(directory + "/serve.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .unavailable(location: directory, reason: "cannot open serve.lock: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .locked(directory: directory)
        }
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock; so does the process ending, however it ends.
        close(descriptor)
    }
}
