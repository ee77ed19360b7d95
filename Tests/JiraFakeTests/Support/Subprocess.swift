import Foundation

/// Starts built executables the way a script would, for the tests of `jira-fake` itself.
enum Subprocess {
    /// The directory holding the built products: next to the test bundle, wherever the build put it.
    static let productsDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Fixture.repositoryRoot.appendingPathComponent(".build/debug"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("jira-fake").path) } ?? candidates[2]
    }()

    /// Reads `handle` until the first newline (or end of file), giving up after `timeout`.
    static func firstLine(of handle: FileHandle, timeout: Duration) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    // availableData blocks, so it gets a thread of its own rather than a cooperative one.
                    Thread.detachNewThread {
                        var bytes: [UInt8] = []
                        while !bytes.contains(0x0A) {
                            let chunk = handle.availableData
                            if chunk.isEmpty { break }
                            bytes += chunk
                        }
                        let line =
                            bytes.split(separator: 0x0A, omittingEmptySubsequences: false).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
                        continuation.resume(returning: line)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SubprocessError("no line on stdout within \(timeout)")
            }
            let line = try await group.next()!
            group.cancelAll()
            return line
        }
    }

    /// Waits for the process to exit without blocking a cooperative thread.
    static func waitForExit(_ process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }
}
