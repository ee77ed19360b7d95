import Contracts
import Foundation
import Yams

/// A YAML config of another tool, read as Yams nodes so every value keeps its line for problems.
struct SourceDocument {
    let path: String
    let root: Node

    static func load(_ path: String, what: String) throws(MigrationError) -> SourceDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "it is not UTF-8 text") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .invalidYAML(SourceLocation(file: path, line: 1, column: 1), "not valid YAML: \(error)")
        } catch {
            throw .invalidYAML(SourceLocation(file: path, line: 1, column: 1), "not valid YAML: \(error)")
        }
        guard let node, node.mapping != nil else {
            throw .unexpectedShape(SourceLocation(file: path, line: 1, column: 1), "expected \(what), a YAML mapping at the top")
        }
        return SourceDocument(path: path, root: node)
    }

    func line(_ node: Node?) -> Int { node?.mark?.line ?? 1 }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: path, line: line(node), column: node?.mark?.column ?? 1)
    }

    /// The directory the config's relative paths start from.
    var directory: String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
    }
}

extension Node {
    /// The mapping's entries in order, keys as text.
    var entries: [(key: String, value: Node)] {
        guard let mapping else { return [] }
        return mapping.compactMap { key, value in key.string.map { ($0, value) } }
    }

    var items: [Node] { sequence.map(Array.init) ?? [] }

    /// A scalar's text, `nil` for anything else and for YAML null.
    var text: String? {
        guard let scalar, !(scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)) else { return nil }
        return scalar.string
    }

    var isTrue: Bool { ["true", "True", "TRUE", "yes"].contains(scalar?.string ?? "") }
}
