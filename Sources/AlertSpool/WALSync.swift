// `struct stat` reaches this module through Dispatch's C module, which must then be named.
import CDispatch
import Glibc
import Synchronization

/// Makes what SQLite has written to the spool's write-ahead log durable: one `fdatasync` of the
/// `-wal` file covers every transaction committed before it started.
///
/// The spool's connection commits with `synchronous = NORMAL`, which writes the log without waiting
/// for the disk; nothing is answered 2xx until a sync that began after its commit has returned. That is
/// what `synchronous = FULL` does inside every commit, moved out of SQLite's write lock, so the delivery
/// worker's own writes are not held up by the disk.
final class WALSync: Sendable {
    private let path: String
    private let directory: String
    /// The open log file, reopened when SQLite has put a new file in its place.
    private let file = Mutex<Int32?>(nil)

    init(databasePath: String, directory: String) {
        path = databasePath + "-wal"
        self.directory = directory
    }

    deinit {
        file.withLock { descriptor in
            if let descriptor { close(descriptor) }
        }
    }

    /// Returns once everything committed so far is on disk.
    func sync() throws(SpoolError) {
        let outcome: (call: String, code: Int32)? = file.withLock { descriptor in
            if let open = descriptor, !Self.isCurrent(open, path: path) {
                close(open)
                descriptor = nil
            }
            if descriptor == nil {
                let opened = open(path, O_RDONLY | O_CLOEXEC)
                guard opened >= 0 else { return ("open", errno) }
                descriptor = opened
            }
            return fdatasync(descriptor!) == 0 ? nil : ("fdatasync", errno)
        }
        if let (call, code) = outcome {
            throw .unavailable(location: directory, reason: "\(call) of \(path) failed: \(String(cString: strerror(code)))")
        }
    }

    /// Whether `descriptor` is still the file at `path` (same device and inode).
    private static func isCurrent(_ descriptor: Int32, path: String) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }
}
