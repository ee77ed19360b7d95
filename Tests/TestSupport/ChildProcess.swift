import Foundation
import Glibc
import Synchronization
import Testing

/// A process a test starts: in a process group of its own, so stopping it stops whatever it started too
/// (a shell's children, a server's workers), and registered with the running test, so
/// ``ChildProcessCheck`` can stop it and fail the test when the test ends with it still running.
///
/// Every test that starts a process goes through this type; `Foundation.Process` is not used directly, as
/// it neither groups its children nor outlives a test that forgets it.
public final class ChildProcess: Sendable {
    /// Where a standard stream goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A file, created (or truncated) for output, opened for reading as input.
        case file(String)
        /// A pipe the test reads (``firstLine()``, ``readToEnd()``); stdout only.
        case pipe
        /// Wherever stdout goes; stderr only.
        case stdout
    }

    /// How the process ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit code, or the signal's number when a signal ended it (as `Process.terminationStatus`).
        public var status: Int32 {
            switch self {
            case .exited(let code), .signalled(let code): code
            }
        }
    }

    private struct State {
        var termination: Termination?
        /// The test asked it to stop (SIGTERM or SIGKILL), so a test ending while it exits has not forgotten it.
        var stopRequested = false
        var waiters: [CheckedContinuation<Termination, Never>] = []
    }

    public let pid: pid_t
    /// What was started, for messages: the executable and its arguments.
    public let commandLine: String
    private let stdoutPipe: Int32?
    private let state = Mutex(State())

    /// Starts `executable` with `arguments`; the environment is the test runner's, changed by `environment`
    /// (a `nil` value removes a variable).
    public static func start(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String?] = [:],
        currentDirectory: String? = nil,
        stdin: Stream = .null,
        stdout: Stream = .null,
        stderr: Stream = .null
    ) throws -> ChildProcess {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own, so a signal to the group reaches everything the child starts.
        posix_spawnattr_setpgroup(&attributes, 0)
        // Children must not inherit the runner's blocked or ignored signals, or SIGTERM could not stop them.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var readEnd: Int32?
        var parentCloses: [Int32] = []
        defer { for descriptor in parentCloses { close(descriptor) } }
        for (target, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&fileActions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                let flags = target == 0 ? O_RDONLY : (O_WRONLY | O_CREAT | O_TRUNC)
                posix_spawn_file_actions_addopen(&fileActions, target, path, flags, 0o600)
            case .stdout:
                precondition(target == 2, "only stderr can join stdout")
                posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
            case .pipe:
                precondition(target == 1, "only stdout can be a pipe")
                var descriptors: [Int32] = [0, 0]
                guard pipe(&descriptors) == 0 else { throw ChildProcessError("cannot make a pipe: \(String(cString: strerror(errno)))") }
                // Close-on-exec, so processes other tests start meanwhile do not hold the pipe open.
                _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
                posix_spawn_file_actions_adddup2(&fileActions, descriptors[1], target)
                parentCloses.append(descriptors[1])
                readEnd = descriptors[0]
            }
        }
        // glibc's posix_spawn_file_actions_addchdir_np is hidden from Swift: a shell changes directory and
        // execs the program, which keeps the shell's pid.
        var program = executable
        var programArguments = [executable] + arguments
        if let currentDirectory {
            program = "/bin/sh"
            programArguments = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", currentDirectory] + programArguments
        }

        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment { variables[name] = value }
        let argv = programArguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &fileActions, &attributes, argv, envp)
        guard status == 0 else {
            if let readEnd { close(readEnd) }
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        let child = ChildProcess(pid: pid, commandLine: ([executable] + arguments).joined(separator: " "), stdoutPipe: readEnd)
        child.watch()
        ChildProcessCheck.register(child)
        return child
    }

    private init(pid: pid_t, commandLine: String, stdoutPipe: Int32?) {
        self.pid = pid
        self.commandLine = commandLine
        self.stdoutPipe = stdoutPipe
    }

    deinit {
        if termination == nil { kill(-pid, SIGKILL) }
        if let stdoutPipe { close(stdoutPipe) }
    }

    /// Reaps the child on a thread of its own, which blocks in `waitpid` so no cooperative thread does.
    private func watch() {
        let pid = self.pid
        Thread.detachNewThread { [weak self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // WIFEXITED and friends are macros Swift cannot see: the low 7 bits hold the signal, or 0.
            let signal = status & 0x7F
            let termination: Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
            let waiters = self?.state.withLock { state -> [CheckedContinuation<Termination, Never>] in
                state.termination = termination
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters ?? [] { waiter.resume(returning: termination) }
        }
    }

    /// How it ended, or `nil` while it runs.
    public var termination: Termination? { state.withLock { $0.termination } }
    public var isRunning: Bool { termination == nil }

    /// Waits for the process to end.
    @discardableResult
    public func waitForExit() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> Termination? in
                if let termination = state.termination { return termination }
                state.waiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Sends `signal` to the process alone (SIGSTOP and SIGCONT, SIGHUP to reload); SIGTERM and SIGKILL count
    /// as the test stopping it.
    public func signal(_ signal: Int32) {
        if signal == SIGTERM || signal == SIGKILL { state.withLock { $0.stopRequested = true } }
        if isRunning { kill(pid, signal) }
    }

    /// Whether the test asked the process to stop (``terminate()``, ``stop(grace:)``, ``killNow()``).
    public var stopRequested: Bool { state.withLock { $0.stopRequested } }

    /// SIGTERM to the whole group without waiting: for `defer`, where a test cannot await. The check at the
    /// test's end waits for the exit.
    public func terminate() {
        state.withLock { $0.stopRequested = true }
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        // SIGCONT too, so a stopped process can act on the SIGTERM.
        kill(-pid, SIGCONT)
    }

    /// SIGTERM to the whole group, then SIGKILL if it is still running after `grace`; returns how it ended.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Termination {
        if let termination { return termination }
        terminate()
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if isRunning { kill(-pid, SIGKILL) }
        return await waitForExit()
    }

    /// SIGKILL to the whole group, as `kill -9` or the OOM killer would; returns how it ended.
    @discardableResult
    public func killNow() async -> Termination {
        state.withLock { $0.stopRequested = true }
        if isRunning { kill(-pid, SIGKILL) }
        return await waitForExit()
    }

    /// The first line the process writes to its stdout pipe, without the newline ("" at end of file).
    public func firstLine() async -> String {
        guard let descriptor = stdoutPipe else { return "" }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// Everything left on the stdout pipe until the process closes it.
    public func readToEnd() async -> String {
        guard let descriptor = stdoutPipe else { return "" }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count > 0 {
                        bytes += buffer[0..<count]
                    } else if count < 0, errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

/// Why a child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
