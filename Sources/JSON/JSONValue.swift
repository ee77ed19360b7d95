/// A parsed JSON document that keeps what a payload said exactly: key order and number literals.
///
/// Alert payloads are read once and then matched, rendered and echoed back in previews, so the model keeps
/// numbers as their original text (no `0.47` turning into `0.47000000000000003`) and objects in their
/// original order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number kept as its literal text; converted to `Double` only when compared.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as it appeared in the input (or as written by ``init(_:)-(Double)``).
    public let text: String

    public init(literal text: String) {
        self.text = text
    }

    /// Whole numbers below 10^15 are written without a fraction (`3`, not `3.0`); NaN and the
    /// infinities, which JSON cannot express, become `null` as in JavaScript's `JSON.stringify`, so the
    /// writer never emits invalid JSON.
    public init(_ value: Double) {
        if !value.isFinite {
            self.text = "null"
        } else if value.rounded() == value, abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = String(value)
        }
    }

    public init(_ value: Int) {
        self.text = String(value)
    }

    public var double: Double { Double(text) ?? .nan }
    public var description: String { text }
}

/// A JSON object that keeps its keys in input order.
///
/// Payload objects are small (tens of keys), so a linear search beats hashing and keeps order for free.
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init() {
        self.keys = []
        self.values = []
    }

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// A later pair with the same key replaces the earlier one's value, in its place.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        self.keys.reserveCapacity(pairs.count)
        self.values.reserveCapacity(pairs.count)
        guard pairs.count > 16 else {
            for (key, value) in pairs { self[key] = value }
            return
        }
        // A search per pair would make building an alert's 10,000 labels quadratic.
        var positions: [String: Int] = [:]
        positions.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if let position = positions[key] {
                values[position] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
    }

    /// Pairs whose keys are known to differ, such as a dictionary's: no key is searched for.
    public init(uniqueKeysWithValues pairs: [(String, JSONValue)]) {
        self.keys = pairs.map(\.0)
        self.values = pairs.map(\.1)
    }

    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Appends without checking for an existing key; the parser has already rejected duplicates.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func index(of key: String) -> Int? {
        // Comparing lengths first is cheap for native strings and skips most of `==`, which goes
        // through a slow comparison whenever two strings differ.
        let length = key.utf8.count
        return keys.firstIndex { $0.utf8.count == length && $0 == key }
    }

    public subscript(key: String) -> JSONValue? {
        get { index(of: key).map { values[$0] } }
        set {
            if let index = index(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }
}

extension JSONValue {
    /// The member `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` when this is an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// Follows a path of object keys and array indices (`["alerts", "0", "labels"]`).
    public func value(at path: some Sequence<String>) -> JSONValue? {
        var current = self
        for component in path {
            switch current {
            case .object(let object):
                guard let next = object[component] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(component), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The string value, or `nil` for anything that is not a JSON string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Strings and numbers as text; `nil` for null, objects and arrays. What a template or a matcher sees.
    public var scalarText: String? {
        switch self {
        case .string(let string): string
        case .number(let number): number.text
        case .bool(let bool): bool ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// A number, or a string that reads as one: `"0.790"`, `"$11,111.00"`; `"1 234,5"` is not accepted.
    ///
    /// Cost payloads publish amounts as strings with a currency sign and thousands separators, so the
    /// cost fields and the numeric matchers need this leniency.
    public var numericValue: Double? {
        switch self {
        case .number(let number):
            let value = number.double
            return value.isNaN ? nil : value
        case .string(let string):
            return JSONValue.parseAmount(string)
        case .bool, .null, .array, .object:
            return nil
        }
    }

    /// Parses `"$11,111.00"`, `"€ 12.5"`, `"-3"`, `"$-3"`, `"1e3"`. Only currency signs and spaces may
    /// surround the number (`"12.5 USD"` is refused), and commas only group thousands, so `"12,5"` and
    /// `"1 2"` are refused rather than read as 125 and 12.
    public static func parseAmount(_ text: String) -> Double? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars[...]
        func isPadding(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case " ", "\u{00A0}", "$", "€", "£", "¥": true
            default: false
            }
        }
        func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { ("0"..."9").contains($0) } ?? false }
        // A sign may come before or after the currency sign: "-$3" and "$-3".
        while let scalar = scalars.first, isPadding(scalar) || ((scalar == "-" || scalar == "+") && digits.isEmpty) {
            if !isPadding(scalar) { digits.append(UInt8(scalar.value)) }
            scalars.removeFirst()
        }
        var integerDigits = 0
        var groupDigits = -1  // digits since the last comma; -1 before the first comma
        while let scalar = scalars.first {
            if isDigit(scalar) {
                digits.append(UInt8(scalar.value))
                integerDigits += 1
                if groupDigits >= 0 { groupDigits += 1 }
            } else if scalar == ",", integerDigits > 0, groupDigits == -1 || groupDigits == 3 {
                groupDigits = 0
            } else {
                break
            }
            scalars.removeFirst()
        }
        guard groupDigits == -1 || groupDigits == 3 else { return nil }
        var fractionDigits = 0
        if scalars.first == "." {
            digits.append(UInt8(ascii: "."))
            scalars.removeFirst()
            while let scalar = scalars.first, isDigit(scalar) {
                digits.append(UInt8(scalar.value))
                fractionDigits += 1
                scalars.removeFirst()
            }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if let scalar = scalars.first, scalar == "e" || scalar == "E" {
            digits.append(UInt8(ascii: "e"))
            scalars.removeFirst()
            if let sign = scalars.first, sign == "-" || sign == "+" {
                digits.append(UInt8(sign.value))
                scalars.removeFirst()
            }
            guard isDigit(scalars.first) else { return nil }
            while let scalar = scalars.first, isDigit(scalar) {
                digits.append(UInt8(scalar.value))
                scalars.removeFirst()
            }
        }
        guard scalars.allSatisfy(isPadding) else { return nil }
        guard let value = Double(String(decoding: digits, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
