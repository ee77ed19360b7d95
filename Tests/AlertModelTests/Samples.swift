import Foundation
import JSON
import Testing

@testable import AlertModel

/// The payloads under `samples/` (copied from published sources, see `samples/SOURCES.md`), located from
/// this file so the tests run from any checkout.
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AlertModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("samples")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(description: "sample \(path) not found at \(url.path)")
        }
        return [UInt8](data)
    }

    /// The first (only) document of a sample file, read the way `alert2jira` reads its input.
    static func document(_ path: String) throws -> InputDocument {
        var reader = DocumentReader(bytes: try bytes(path), source: path)
        guard let document = reader.next() else { throw Failure(description: "\(path) holds no document") }
        return document
    }

    static func object(_ path: String) throws -> JSONObject {
        guard case .success(.object(let object)) = try document(path).result else {
            throw Failure(description: "\(path) is not a JSON object")
        }
        return object
    }

    static func items(_ path: String, ingestor: Ingestor? = nil) throws -> [IngestItem] {
        let ingestor = try ingestor ?? Ingestor()
        switch ingestor.ingest(try document(path)) {
        case .success(let items): return items
        case .failure(let error): throw Failure(description: "\(path): \(error.description)")
        }
    }

    static func alerts(_ path: String) throws -> [Alert] {
        try items(path).map { item in
            guard case .alert(let alert) = item else { throw Failure(description: "\(path): expected alerts, got \(item)") }
            return alert
        }
    }

    /// The one alert a sample decodes to.
    static func alert(_ path: String) throws -> Alert {
        let alerts = try alerts(path)
        guard alerts.count == 1 else { throw Failure(description: "\(path): expected one alert, got \(alerts.count)") }
        return alerts[0]
    }

    static func notice(_ path: String) throws -> Notice {
        let items = try items(path)
        guard items.count == 1, case .notice(let notice) = items[0] else {
            throw Failure(description: "\(path): expected one notice, got \(items)")
        }
        return notice
    }

    /// Every JSON sample as (directory = the format it must be detected as, relative path).
    static func allJSON() throws -> [(format: String, path: String)] {
        let manager = FileManager.default
        var found: [(String, String)] = []
        for format in try manager.contentsOfDirectory(atPath: directory.path).sorted() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory.appendingPathComponent(format).path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            for file in try manager.contentsOfDirectory(atPath: directory.appendingPathComponent(format).path).sorted()
            where file.hasSuffix(".json") {
                found.append((format, "\(format)/\(file)"))
            }
        }
        return found
    }

    /// Decodes a payload written inline in a test.
    static func items(json: String, ingestor: Ingestor? = nil) throws -> [IngestItem] {
        let ingestor = try ingestor ?? Ingestor()
        var reader = DocumentReader(bytes: Array(json.utf8), source: "inline")
        guard let document = reader.next() else { throw Failure(description: "no document") }
        switch ingestor.ingest(document) {
        case .success(let items): return items
        case .failure(let error): throw Failure(description: error.description)
        }
    }

    static func alert(json: String) throws -> Alert {
        let items = try items(json: json)
        guard items.count == 1, case .alert(let alert) = items[0] else { throw Failure(description: "expected one alert, got \(items)") }
        return alert
    }

    /// The error an inline payload is refused with.
    static func failure(json: String, ingestor: Ingestor? = nil) throws -> InputError {
        let ingestor = try ingestor ?? Ingestor()
        var reader = DocumentReader(bytes: Array(json.utf8), source: "inline")
        guard let document = reader.next() else { throw Failure(description: "no document") }
        switch ingestor.ingest(document) {
        case .success(let items): throw Failure(description: "expected a failure, got \(items)")
        case .failure(let error): return error
        }
    }

    /// A JSON string literal holding `text`, for payloads that carry JSON inside a string (SNS `Message`).
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).jsonString
    }
}
