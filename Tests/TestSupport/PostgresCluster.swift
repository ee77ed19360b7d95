import Foundation
import Glibc
import Synchronization

/// A throwaway PostgreSQL cluster from Debian's packages, for the tests of the replicated spool: `initdb` in a
/// temporary directory, `postgres` on a free loopback port as a child of the test (as an unprivileged user
/// when the tests run as root, which PostgreSQL refuses to be), stopped and removed at the end.
///
/// Password authentication over TCP (scram-sha-256) for the superuser `alert2jira`, whose password is
/// ``password``; `psql` gets in over the Unix socket without one.
public final class PostgresCluster: Sendable {
    public static let user = "alert2jira"
    public static let password = "pg-test-password"
    public static let database = "alert2jira"

    public let directory: String
    public let port: Int
    let binaries: String
    private let server: ServerProcess

    /// The postgres process, replaced by ``restartImmediately()``.
    final class ServerProcess: Sendable {
        let child: Mutex<ChildProcess?> = Mutex(nil)
    }

    /// `postgres://alert2jira@127.0.0.1:PORT/alert2jira`, the password left to `PGPASSWORD` or a file.
    public var url: String { "postgres://\(Self.user)@127.0.0.1:\(port)/\(Self.database)" }

    /// The same with the password in it.
    public var urlWithPassword: String { "postgres://\(Self.user):\(Self.password)@127.0.0.1:\(port)/\(Self.database)" }

    /// The newest `/usr/lib/postgresql/*/bin` with `initdb` and `postgres`, or an error saying what to install.
    public static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb"), FileManager.default.isExecutableFile(atPath: bin + "/postgres") {
                return bin
            }
        }
        throw ChildProcessError("PostgreSQL's server is not installed (no \(root)/*/bin/initdb): .ci/run installs Debian's postgresql")
    }

    /// Makes and starts a cluster with the database ``database``.
    public static func start() async throws -> PostgresCluster {
        let binaries = try binaries()
        let directory = try TemporaryDirectory(prefix: "a2j-pg").path
        let password = directory + "/password"
        try Data(Self.password.utf8).write(to: URL(fileURLWithPath: password))
        try FileManager.default.createDirectory(atPath: directory + "/socket", withIntermediateDirectories: true)
        try handOver(directory)
        let initdb = try startAsServerUser(
            binaries + "/initdb",
            [
                "-D", directory + "/data", "-U", user, "--pwfile=\(password)", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--no-sync", "-E", "UTF8", "--locale=C",
            ],
            stdout: .file(directory + "/initdb.log"),
            stderr: .stdout
        )
        guard await initdb.waitForExit() == .exited(0) else {
            let log = (try? String(contentsOfFile: directory + "/initdb.log", encoding: .utf8)) ?? ""
            throw ChildProcessError("initdb failed: \(log)")
        }
        var lastError = ""
        for _ in 0..<5 {
            let cluster = PostgresCluster(directory: directory, port: try freeLoopbackPort(), binaries: binaries)
            do {
                try await cluster.launch()
                _ = try await cluster.psql("CREATE DATABASE \(database)", database: "postgres")
                return cluster
            } catch {
                // Another process may have taken the port meanwhile: try another.
                lastError = "\(error)"
                await cluster.stop()
            }
        }
        throw ChildProcessError("PostgreSQL did not start: \(lastError)")
    }

    private init(directory: String, port: Int, binaries: String) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
        server = ServerProcess()
    }

    /// Starts `postgres` in the foreground and waits until it takes connections.
    private func launch() async throws {
        let child = try Self.startAsServerUser(
            binaries + "/postgres",
            [
                "-D", directory + "/data", "-p", "\(port)", "-k", directory + "/socket", "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=on", "-c", "max_connections=200",
            ],
            stderr: .file(directory + "/postgres-\(UUID().uuidString.prefix(6)).log")
        )
        server.child.withLock { $0 = child }
        let ready = await eventually(within: 60) {
            guard child.isRunning else { return true }
            return (try? await self.psql("SELECT 1", database: "postgres")) != nil
        }
        guard ready, child.isRunning else { throw ChildProcessError("postgres exited or never took connections") }
    }

    /// Stops the server at once, as `pg_ctl restart -m immediate` does (no checkpoint; crash recovery at the
    /// next start), and starts it again on the same port.
    public func restartImmediately() async throws {
        let old = server.child.withLock { $0 }
        old?.signal(SIGQUIT)
        await old?.waitForExit()
        try await launch()
    }

    /// Stops the server (fast shutdown: open sessions are cut) and waits for it.
    public func stopServer() async {
        let child = server.child.withLock { $0 }
        child?.signal(SIGINT)
        await child?.stop()
    }

    /// Stops the server and removes the cluster.
    public func stop() async {
        await stopServer()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs SQL as the superuser over the Unix socket; its output (unaligned, tuples only), or an error with psql's.
    @discardableResult
    public func psql(_ sql: String, database: String = PostgresCluster.database) async throws -> String {
        let child = try Self.startAsServerUser(
            binaries + "/psql",
            ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", directory + "/socket", "-p", "\(port)", "-U", Self.user, "-d", database, "-c", sql],
            stdout: .pipe,
            stderr: .stdout
        )
        let output = await child.readToEnd()
        guard await child.waitForExit() == .exited(0) else { throw ChildProcessError("psql: \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Running as the server's user

    /// PostgreSQL refuses to run as root: as root, commands run as Debian's `postgres` user through `setpriv`.
    private static var serverUser: passwd? {
        guard getuid() == 0, let entry = getpwnam("postgres") else { return nil }
        return entry.pointee
    }

    /// Starts `executable` as the server's user: directly when the tests are not root, else through `setpriv`,
    /// which execs it in place (so stopping the child stops the program itself).
    private static func startAsServerUser(
        _ executable: String,
        _ arguments: [String],
        stdout: ChildProcess.Stream = .null,
        stderr: ChildProcess.Stream = .null
    ) throws -> ChildProcess {
        guard let user = serverUser else { return try ChildProcess.start(executable, arguments, stdout: stdout, stderr: stderr) }
        return try ChildProcess.start(
            "/usr/bin/setpriv",
            ["--reuid=\(user.pw_uid)", "--regid=\(user.pw_gid)", "--clear-groups", "--", executable] + arguments,
            stdout: stdout,
            stderr: stderr
        )
    }

    /// Gives the server's user the directory it works in.
    private static func handOver(_ directory: String) throws {
        guard let user = serverUser else { return }
        for path in [directory, directory + "/socket", directory + "/password"] {
            guard chown(path, user.pw_uid, user.pw_gid) == 0 else { throw ChildProcessError("cannot hand \(path) to postgres") }
        }
    }
}
