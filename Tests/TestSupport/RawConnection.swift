import Foundation
import Glibc

/// A plain TCP connection for clients no HTTP library would imitate: one that sends its headers a
/// byte at a time, or stops halfway. Blocking calls run on a thread of their own, never on the
/// test's cooperative pool.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `port` on loopback (IPv4, else IPv6); reads give up after `readTimeout` seconds.
    public static func open(port: Int, readTimeout: Int = 60) async throws -> RawConnection {
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
    public func send(_ text: some StringProtocol) async -> Bool {
        let bytes = Array(text.utf8)
        return await Self.onThread {
            bytes.withUnsafeBytes { Glibc.send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }
    }

    /// Everything the server sends until it closes the connection; `nil` when the read timed out
    /// instead (the server kept the connection open).
    public func readUntilClosed() async -> String? {
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

    /// Whether the server has taken everything this connection sent off the wire: the server's side of the
    /// connection has nothing waiting in its receive queue (`/proc/net/tcp`, IPv4 loopback). What a test waits
    /// for before it acts on "the server has read the request", instead of sleeping.
    public func serverHasRead(serverPort: Int) -> Bool {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0, let table = Self.procFile("/proc/net/tcp") else { return false }
        let clientPort = Int(UInt16(bigEndian: address.sin_port))
        // Columns: sl local_address rem_address st tx_queue:rx_queue …, addresses as hex IP:port.
        for line in table.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ")
            guard columns.count > 4 else { continue }
            let local = columns[1].split(separator: ":")
            let remote = columns[2].split(separator: ":")
            guard local.count == 2, remote.count == 2, Int(local[1], radix: 16) == serverPort, Int(remote[1], radix: 16) == clientPort else {
                continue
            }
            let queues = columns[4].split(separator: ":")
            return queues.count == 2 && Int(queues[1], radix: 16) == 0
        }
        return false
    }

    /// A file under /proc, read to its end: its size says 0, so readers that trust the size read nothing.
    private static func procFile(_ path: String) -> String? {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One HTTP response: its head and as much body as its Content-Length says; `nil` when the connection
    /// closed or the read timed out first.
    public func readResponse() async -> String? {
        await Self.onThread {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let text = String(decoding: received, as: UTF8.self)
                if let headEnd = text.range(of: "\r\n\r\n") {
                    let head = text[..<headEnd.lowerBound].lowercased()
                    let length =
                        head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if text.utf8.distance(from: headEnd.upperBound.samePosition(in: text.utf8)!, to: text.utf8.endIndex) >= length {
                        return text
                    }
                }
                let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    received += buffer[0..<count]
                } else if count < 0, errno == EINTR {
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
