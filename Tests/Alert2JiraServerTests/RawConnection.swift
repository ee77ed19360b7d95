import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection for clients no HTTP library would imitate: one that sends its headers a
/// byte at a time, or stops halfway. Blocking calls run on a thread of their own, never on the
/// test's cooperative pool.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `port` on loopback (IPv4, else IPv6); reads give up after `readTimeout` seconds.
    static func open(port: Int, readTimeout: Int = 15) async throws -> RawConnection {
        try await onThread {
            for (family, address) in [(AF_INET, "127.0.0.1"), (AF_INET6, "::1")] {
                let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
                guard descriptor >= 0 else { continue }
                var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let connected: Int32
                if family == AF_INET {
                    var socketAddress = sockaddr_in()
                    socketAddress.sin_family = sa_family_t(AF_INET)
                    socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
                    inet_pton(AF_INET, address, &socketAddress.sin_addr)
                    connected = withUnsafePointer(to: &socketAddress) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                    }
                } else {
                    var socketAddress = sockaddr_in6()
                    socketAddress.sin6_family = sa_family_t(AF_INET6)
                    socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
                    inet_pton(AF_INET6, address, &socketAddress.sin6_addr)
                    connected = withUnsafePointer(to: &socketAddress) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
                    }
                }
                if connected == 0 { return RawConnection(descriptor: descriptor) }
                close(descriptor)
            }
            throw POSIXError(.ECONNREFUSED)
        }
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        var ignore: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE_EQUIVALENT, &ignore, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends the bytes; false once the server has closed the connection.
    func send(_ text: String) async -> Bool {
        let bytes = Array(text.utf8)
        return await Self.onThread {
            bytes.withUnsafeBytes { Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }
    }

    /// Everything the server sends until it closes the connection; `nil` when the read timed out
    /// instead (the server kept the connection open).
    func readUntilClosed() async -> String? {
        await Self.onThread {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    received += buffer[0..<count]
                } else if count == 0 || errno == ECONNRESET {
                    return String(decoding: received, as: UTF8.self)
                } else if errno == EINTR {
                    continue
                } else {
                    return nil
                }
            }
        }
    }

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}

/// Linux has no SO_NOSIGPIPE; MSG_NOSIGNAL on each send does the job, so this option is a no-op.
private let SO_NOSIGPIPE_EQUIVALENT: Int32 = SO_KEEPALIVE
