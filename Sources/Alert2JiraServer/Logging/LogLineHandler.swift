import AlertConfig
import AlertModel
import AlertRules
import Foundation
import Glibc
import JSON
import Logging
import Synchronization

/// Writes one line per log event to standard error, as text for people or JSON for collectors, with
/// every configured secret masked.
///
/// Built per logger through `Logger(label:factory:)`, so the server never touches the process-wide
/// `LoggingSystem` and tests can run several servers side by side.
public struct LogLineHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: ServerConfig.LogFormat
    let redactor: SecretRedactor
    let output: LogOutput

    public init(label: String, format: ServerConfig.LogFormat, level: Logger.Level, redactor: SecretRedactor, output: LogOutput = .standardError) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.redactor = redactor
        self.output = output
    }

    /// A logger writing through this handler.
    public static func logger(
        label: String = "alert2jira",
        format: ServerConfig.LogFormat,
        level: ServerConfig.LogLevel,
        redactor: SecretRedactor,
        output: LogOutput = .standardError
    ) -> Logger {
        Logger(label: label) { label in
            LogLineHandler(label: label, format: format, level: Logger.Level(rawValue: level.rawValue) ?? .info, redactor: redactor, output: output)
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let message = redactor.redact(event.message.description)
        let fields = merged.sorted { $0.key < $1.key }.map { ($0.key, redactor.redact(Self.flatten($0.value))) }
        let time = Self.timestamp()
        var line: String
        switch format {
        case .text:
            line = "\(time) \(event.level.rawValue) \(message)"
            for (key, value) in fields {
                line += " \(key)=" + (value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || value.isEmpty ? Self.quoted(value) : value)
            }
        case .json:
            line =
                "{\"time\":\(Self.quoted(time)),\"level\":\(Self.quoted(event.level.rawValue)),\"logger\":\(Self.quoted(label)),\"message\":\(Self.quoted(message))"
            for (key, value) in fields where !["time", "level", "logger", "message"].contains(key) {
                line += ",\(Self.quoted(key)):\(Self.quoted(value))"
            }
            line += "}"
        }
        output.write(line + "\n")
    }

    static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(flatten).joined(separator: ", ") + "]"
        case .dictionary(let values): "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \(flatten($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal (also how text lines quote values with spaces).
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.writeString(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3339 in UTC with milliseconds, without a shared formatter.
    static func timestamp(_ date: Date = Date()) -> String {
        let seconds = date.timeIntervalSince1970
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let milliseconds = Int((seconds - seconds.rounded(.down)) * 1000)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):"
            + "\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}

/// Where log lines go: standard error, or (in tests) memory.
public final class LogOutput: Sendable {
    private let lines = Mutex<[String]>([])
    private let capturing: Bool
    private let fileDescriptor: Int32

    private init(fileDescriptor: Int32, capturing: Bool) {
        self.fileDescriptor = fileDescriptor
        self.capturing = capturing
    }

    public static let standardError = LogOutput(fileDescriptor: 2, capturing: false)

    /// Keeps lines in memory, for tests to read back with ``captured``.
    public static func memory() -> LogOutput { LogOutput(fileDescriptor: -1, capturing: true) }

    public var captured: [String] { lines.withLock { $0 } }

    func write(_ line: String) {
        if capturing {
            lines.withLock { $0.append(line) }
            return
        }
        // One write(2) per line: lines from concurrent tasks never interleave.
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
