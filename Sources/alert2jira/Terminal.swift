import Foundation
import Glibc

/// A buffered writer to stdout or stderr that knows whether it is a terminal, so colour and progress
/// appear only for humans, never in pipes or CI logs.
struct Terminal {
    let fileDescriptor: Int32
    let isTTY: Bool
    let useColor: Bool
    private var buffer: [UInt8] = []

    init(fileDescriptor: Int32, environment: [String: String]) {
        self.fileDescriptor = fileDescriptor
        self.isTTY = isatty(fileDescriptor) == 1
        // https://no-color.org
        self.useColor = isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        buffer.reserveCapacity(1 << 16)
    }

    static var standardOutput: Terminal { Terminal(fileDescriptor: 1, environment: ProcessInfo.processInfo.environment) }
    static var standardError: Terminal { Terminal(fileDescriptor: 2, environment: ProcessInfo.processInfo.environment) }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(bytes: [UInt8]) {
        guard bytes.count < 1 << 16 else {
            // Already a large write: copying it into the buffer first would only cost a memcpy.
            flush()
            bytes.withUnsafeBytes { writeAll($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func line(_ text: String) {
        write(text)
        buffer.append(UInt8(ascii: "\n"))
        if fileDescriptor == 2 || buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fileDescriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                // A closed pipe (`| head`) is not an error worth reporting.
                break
            }
            offset += written
        }
    }

    /// Wraps text in an ANSI style when colour is on.
    func style(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case cyan = "36"
    }
}
