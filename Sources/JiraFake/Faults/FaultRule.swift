import JiraSpec

/// One fault-injection rule: which requests it hits and what it does to them.
///
/// Selection: `method` and `path` (a glob where `*` matches any characters, against the path without the API
/// gateway prefix) narrow the requests considered; `every_n` fires on every N-th of those (N, 2N, …) and `count`
/// stops the rule after it fired that many times. Without either it fires on every matching request.
public struct FaultRule: Sendable, Hashable {
    public var kind: FaultKind
    /// Delay before the request is answered (or dropped); the whole point of `latency` rules.
    public var latencyMilliseconds: Int
    /// Status of a `status` rule.
    public var status: Int
    /// `Retry-After` header value (seconds) of a `status` rule, when set.
    public var retryAfter: String?
    /// Body of a `status` rule; `nil` answers with a Jira-style error body for the status.
    public var body: SpecJSON?
    public var method: String?
    public var pathPattern: String?
    public var everyNth: Int?
    public var count: Int?

    public init(
        kind: FaultKind,
        latencyMilliseconds: Int = 0,
        status: Int = 503,
        retryAfter: String? = nil,
        body: SpecJSON? = nil,
        method: String? = nil,
        pathPattern: String? = nil,
        everyNth: Int? = nil,
        count: Int? = nil
    ) {
        self.kind = kind
        self.latencyMilliseconds = latencyMilliseconds
        self.status = status
        self.retryAfter = retryAfter
        self.body = body
        self.method = method
        self.pathPattern = pathPattern
        self.everyNth = everyNth
        self.count = count
    }

    /// The keys a rule may have, in the control API and in the config file.
    static let keys: Set<String> = ["kind", "latency_ms", "status", "retry_after", "body", "method", "path", "every_n", "count"]

    /// Reads a rule from its JSON form (`{"kind": "status", "status": 429, "retry_after": 7, "count": 2}`).
    public init(json: SpecJSON) throws(FaultRuleError) {
        guard let object = json.objectValue else { throw FaultRuleError("a fault rule must be a JSON object") }
        for key in object.keys where !Self.keys.contains(key) {
            throw FaultRuleError("unknown key '\(key)' in a fault rule; known keys: \(Self.keys.sorted().joined(separator: ", "))")
        }
        guard let kindText = object["kind"]?.stringValue else {
            throw FaultRuleError("a fault rule needs 'kind': one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let kind = FaultKind(rawValue: kindText) else {
            throw FaultRuleError("unknown fault kind '\(kindText)'; known kinds: \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(kind: kind)
        latencyMilliseconds = try Self.integer(object["latency_ms"], "latency_ms", minimum: 0) ?? 0
        if kind == .latency, object["latency_ms"] == nil {
            throw FaultRuleError("a latency rule needs 'latency_ms'")
        }
        if let status = try Self.integer(object["status"], "status", minimum: 100) {
            guard status <= 599 else { throw FaultRuleError("'status' must be an HTTP status between 100 and 599") }
            guard kind == .status else { throw FaultRuleError("'status' only applies to rules of kind 'status'") }
            self.status = status
        }
        switch object["retry_after"] {
        case nil, .null:
            break
        case .number(let number):
            retryAfter = number.text
        case .string(let text):
            retryAfter = text
        default:
            throw FaultRuleError("'retry_after' must be a number of seconds or a string")
        }
        if retryAfter != nil, kind != .status {
            throw FaultRuleError("'retry_after' only applies to rules of kind 'status'")
        }
        body = object["body"]
        method = try Self.text(object["method"], "method")?.uppercased()
        pathPattern = try Self.text(object["path"], "path")
        everyNth = try Self.integer(object["every_n"], "every_n", minimum: 1)
        count = try Self.integer(object["count"], "count", minimum: 1)
    }

    private static func integer(_ value: SpecJSON?, _ key: String, minimum: Int) throws(FaultRuleError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard case .number(let number) = value, let integer = Int(number.text), integer >= minimum else {
            throw FaultRuleError("'\(key)' must be a whole number ≥ \(minimum)")
        }
        return integer
    }

    private static func text(_ value: SpecJSON?, _ key: String) throws(FaultRuleError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { throw FaultRuleError("'\(key)' must be a non-empty string") }
        return text
    }

    /// The rule as the control API lists it.
    public var json: SpecJSON {
        var object: SpecObject = ["kind": .string(kind.rawValue)]
        if latencyMilliseconds > 0 || kind == .latency { object["latency_ms"] = .number(SpecNumber(latencyMilliseconds)) }
        if kind == .status { object["status"] = .number(SpecNumber(status)) }
        if let retryAfter { object["retry_after"] = .string(retryAfter) }
        if let body { object["body"] = body }
        if let method { object["method"] = .string(method) }
        if let pathPattern { object["path"] = .string(pathPattern) }
        if let everyNth { object["every_n"] = .number(SpecNumber(everyNth)) }
        if let count { object["count"] = .number(SpecNumber(count)) }
        return .object(object)
    }

    /// Whether the request is one the rule considers (before `every_n` and `count`).
    public func matches(method requestMethod: String, path: String) -> Bool {
        if let method, method != requestMethod.uppercased() { return false }
        if let pathPattern, !Glob.matches(pathPattern, path) { return false }
        return true
    }
}
