import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JiraFake
import JiraSpec
import Testing

/// Sends requests to an in-process fake with the flavor's REST prefix and the service account by default.
struct FakeClient: Sendable {
    let client: any TestClientProtocol
    let flavor: JiraDeployment

    /// `/rest/api/3` on Cloud, `/rest/api/2` on Data Center.
    var api: String { flavor == .cloud ? "/rest/api/3" : "/rest/api/2" }

    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        as credentials: Credentials? = nil,
        json: SpecJSON? = nil,
        body: String? = nil,
        contentType: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> FakeReply {
        var headers = HTTPFields()
        if let header = (credentials ?? .service(flavor)).header { headers[.authorization] = header }
        var buffer: ByteBuffer?
        if let json {
            headers[.contentType] = contentType ?? "application/json"
            buffer = ByteBuffer(string: json.jsonString)
        } else if let body {
            if let contentType { headers[.contentType] = contentType }
            buffer = ByteBuffer(string: body)
        }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: buffer)
        return FakeReply(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ path: String, as credentials: Credentials? = nil) async throws -> FakeReply {
        try await send(.get, path, as: credentials)
    }

    func post(_ path: String, _ json: SpecJSON, as credentials: Credentials? = nil) async throws -> FakeReply {
        try await send(.post, path, as: credentials, json: json)
    }

    /// Creates an issue and returns its key, failing the test when Jira refuses it.
    func createIssue(_ fields: SpecObject, as credentials: Credentials? = nil) async throws -> String {
        let reply = try await post("\(api)/issue", ["fields": .object(fields)], as: credentials)
        #expect(reply.status == 201, "create failed: \(reply.text)")
        return try #require(reply.json["key"]?.stringValue)
    }

    /// Runs a search the flavor's way and returns the matching keys in order.
    func searchKeys(_ jql: String, fields: [String] = ["summary"]) async throws -> [String] {
        let reply = try await search(jql, fields: fields)
        #expect(reply.status == 200, "search failed: \(reply.text)")
        return (reply.json["issues"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue }
    }

    func search(_ jql: String, fields: [String] = ["summary"]) async throws -> FakeReply {
        let path = flavor == .cloud ? "\(api)/search/jql" : "\(api)/search"
        return try await post(path, ["jql": .string(jql), "fields": .array(fields.map(SpecJSON.string))])
    }

    /// The description value the flavor takes: an ADF document on Cloud, a string on Data Center.
    func description(_ text: String) -> SpecJSON {
        guard flavor == .cloud else { return .string(text) }
        return ["type": "doc", "version": 1, "content": [["type": "paragraph", "content": [["type": "text", "text": .string(text)]]]]]
    }

    /// A valid OPS Bug, the sample's strictest create screen.
    func bugFields(_ summary: String = "Disk full on db-1", labels: [String] = []) -> SpecObject {
        [
            "project": ["key": "OPS"],
            "issuetype": ["name": "Bug"],
            "summary": .string(summary),
            "components": [["name": "Database"]],
            "customfield_10050": ["value": "Production"],
            "labels": .array(labels.map(SpecJSON.string)),
        ]
    }

    /// A valid FINOPS Task.
    func taskFields(_ summary: String, labels: [String] = [], fingerprint: String? = nil, cost: Double? = nil) -> SpecObject {
        var fields: SpecObject = [
            "project": ["key": "FINOPS"],
            "issuetype": ["name": "Task"],
            "summary": .string(summary),
            "labels": .array(labels.map(SpecJSON.string)),
        ]
        if let fingerprint { fields["customfield_10061"] = .string(fingerprint) }
        if let cost { fields["customfield_10060"] = .number(SpecNumber(literal: String(cost))) }
        return fields
    }
}
