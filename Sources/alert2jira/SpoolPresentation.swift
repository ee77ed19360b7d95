import Alert2JiraServer
import AlertModel
import AlertSpool
import Foundation
import JSON

/// How `alert2jira spool` prints records: a line per alert, a card for one, or JSON.
enum SpoolPresentation {
    static func line(_ record: SpoolRecord, terminal: Terminal) -> String {
        let state: String
        switch record.state {
        case .pending: state = terminal.style(pad("pending", 8), .yellow)
        case .done: state = terminal.style(pad("done", 8), .green)
        case .dead: state = terminal.style(pad("dead", 8), .red)
        }
        var text =
            pad(String(record.id), 9) + " " + state + " " + pad(String(record.attempts), 6) + " " + pad(time(record.receivedAt), 21) + " "
            + pad(record.format, 15) + " " + record.title
        if record.state != .done, let error = record.lastError?.split(separator: "\n").first {
            text += terminal.style("  — \(error)", .dim)
        }
        return text
    }

    static func card(_ record: SpoolRecord) -> String {
        var lines = [
            "alert \(record.id): \(record.title)",
            "  state:        \(record.state.rawValue)",
            "  attempts:     \(record.attempts)",
            "  received:     \(time(record.receivedAt))",
            "  source:       \(record.source.isEmpty ? "-" : record.source)",
            "  format:       \(record.format) (document \(record.payloadID), alert \(record.itemIndex + 1) in it)",
        ]
        if record.state == .pending { lines.append("  next attempt: \(time(record.nextAttemptAt))") }
        if let error = record.lastError {
            lines.append("  last error:   " + error.split(separator: "\n").joined(separator: "\n                "))
        }
        if !record.deliveredRules.isEmpty { lines.append("  delivered:    rules \(record.deliveredRules.joined(separator: ", "))") }
        if let result = record.result, let value = try? JSONParser.parse(result), let entries = value.arrayValue, !entries.isEmpty {
            lines.append("  result:")
            for entry in entries {
                var text = "    \(entry["action"]?.stringValue ?? "?")"
                if let rule = entry["rule"]?.stringValue { text += " (rule \(rule))" }
                if let project = entry["project"]?.stringValue { text += " \(project)" }
                if let key = entry["key"]?.stringValue { text += " \(key)" }
                if let url = entry["url"]?.stringValue { text += " \(url)" }
                lines.append(text)
            }
        }
        lines.append("  payload:")
        if let payload = record.payload {
            if let value = try? JSONParser.parse(payload) {
                var bytes: [UInt8] = []
                JSONWriter.writePretty(value, into: &bytes)
                lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            } else {
                lines.append("    " + String(decoding: payload, as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ record: SpoolRecord) -> JSONValue {
        var object: JSONObject = [
            "id": .number(JSONNumber(Int(record.id))),
            "state": .string(record.state.rawValue),
            "attempts": .number(JSONNumber(record.attempts)),
            "receivedAt": .string(time(record.receivedAt)),
            "nextAttemptAt": .string(time(record.nextAttemptAt)),
            "updatedAt": .string(time(record.updatedAt)),
            "source": .string(record.source),
            "format": .string(record.format),
            "title": .string(record.title),
            "deliveredRules": .array(record.deliveredRules.map(JSONValue.string)),
        ]
        object["lastError"] = record.lastError.map(JSONValue.string) ?? .null
        object["result"] = record.result.flatMap { try? JSONParser.parse($0) } ?? .null
        if let payload = record.payload {
            object["payload"] = (try? JSONParser.parse(payload)) ?? .string(String(decoding: payload, as: UTF8.self))
        }
        return .object(object)
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
