/// A JSON value as Jira's side of the wire sees it, parsed and written by JiraSpec's own code.
///
/// The fake Jira and the independent checks judge what the product sends; if they shared the product's JSON
/// parser, a bug in it would pass on both sides unseen. So this module reads JSON with a parser of its own
/// (``SpecJSON/parse(_:)-(Array<UInt8>)``), strict where Jira's Jackson is strict.
public enum SpecJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(SpecNumber)
    case string(String)
    case array([SpecJSON])
    case object(SpecObject)
}

/// A JSON number as its literal text, so ids like `10050` and amounts like `0.47` survive a round trip.
public struct SpecNumber: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(literal text: String) {
        self.text = text
    }

    public init(_ value: Int) {
        text = String(value)
    }

    public var double: Double? { Double(text) }
    public var int: Int? { Int(text) ?? double.flatMap { $0.rounded() == $0 && abs($0) < 1e18 ? Int($0) : nil } }
    public var description: String { text }
}

/// A JSON object that keeps its keys in the order they were written or added.
public struct SpecObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [SpecJSON] = []

    public init() {}

    public init(_ pairs: [(String, SpecJSON)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> SpecJSON? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            switch (keys.firstIndex(of: key), newValue) {
            case (let index?, let value?): values[index] = value
            case (let index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case (nil, let value?):
                keys.append(key)
                values.append(value)
            case (nil, nil): break
            }
        }
    }

    public func makeIterator() -> Zip2Sequence<[String], [SpecJSON]>.Iterator {
        zip(keys, values).makeIterator()
    }
}

extension SpecObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, SpecJSON)...) {
        self.init(elements)
    }
}

extension SpecJSON {
    public subscript(key: String) -> SpecJSON? {
        objectValue?[key]
    }

    public subscript(index: Int) -> SpecJSON? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    public var objectValue: SpecObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [SpecJSON]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// A string or a number as text (Jira reads `"10050"` and `10050` alike for ids); `nil` otherwise.
    public var scalarText: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let bool): bool ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// A JSON number's value, or a string that is a plain decimal number.
    public var numericValue: Double? {
        switch self {
        case .number(let number): number.double
        case .string(let text): Double(text)
        default: nil
        }
    }
}

extension SpecJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(SpecNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: SpecJSON...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, SpecJSON)...) { self = .object(SpecObject(elements)) }
}
