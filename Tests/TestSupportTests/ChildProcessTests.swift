import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// The helper every test starts processes with: it stops a process's whole group, and a test that leaves one
/// running fails.
@Suite(.childProcessesStopped)
struct ChildProcessTests {
    /// Whether a process with this pid still exists (a zombie counts as gone: it no longer runs).
    static func exists(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    @Test func aTestThatLeavesAChildRunningFailsAndTheChildIsStopped() async throws {
        let left = Mutex<ChildProcess?>(nil)
        let check = ChildProcessCheck.childProcessesStopped
        await withKnownIssue("the scope must record the child left running") {
            try await check.provideScope(for: Test.current!, testCase: Test.Case.current) {
                let child = try ChildProcess.start("/bin/sleep", ["60"])
                left.withLock { $0 = child }
            }
        }
        let child = try #require(left.withLock { $0 })
        #expect(!child.isRunning)
        #expect(child.termination == .signalled(SIGKILL))
    }

    @Test func aChildStoppedBeforeTheScopeEndsIsWaitedForWithoutFailing() async throws {
        let stopped = Mutex<ChildProcess?>(nil)
        try await ChildProcessCheck.childProcessesStopped.provideScope(for: Test.current!, testCase: Test.Case.current) {
            let child = try ChildProcess.start("/bin/sleep", ["60"])
            stopped.withLock { $0 = child }
            child.terminate()
        }
        #expect(stopped.withLock { $0 }?.termination == .signalled(SIGTERM))
    }

    @Test func stoppingAChildStopsWhatItStarted() async throws {
        // The shell starts a sleep in the background and says its pid; stopping the shell must stop the sleep too.
        let shell = try ChildProcess.start("/bin/sh", ["-c", "sleep 60 & echo $!; wait"], stdout: .pipe)
        let grandchild = try #require(pid_t(await shell.firstLine()))
        #expect(Self.exists(grandchild))
        await shell.stop()
        #expect(await eventually { !Self.exists(grandchild) })
    }

    @Test func exitStatusOutputAndDirectory() async throws {
        let child = try ChildProcess.start("/bin/sh", ["-c", "pwd; echo oops >&2; exit 3"], currentDirectory: "/tmp", stdout: .pipe, stderr: .stdout)
        #expect(await child.readToEnd() == "/tmp\noops\n")
        #expect(await child.waitForExit() == .exited(3))
    }
}
