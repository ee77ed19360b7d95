import Foundation

/// The first line a child process writes to `pipe` (without its newline), read on a thread of its own so
/// that no thread of the cooperative pool blocks on the pipe: servers announce their address this way.
func firstLine(of pipe: Pipe) async -> String {
    await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
        Thread.detachNewThread {
            var bytes: [UInt8] = []
            while let chunk = try? pipe.fileHandleForReading.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
                bytes.append(byte)
            }
            continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
        }
    }
}
