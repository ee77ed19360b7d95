/// Where an object's members go, in order: into a ``JSONObject`` being built, or straight out as
/// JSON text.
///
/// A type that writes its JSON form through a sink says what its members are once; the dry run writes
/// them as bytes without building and freeing a tree per alert, and everything else gets a
/// ``JSONObject``.
public protocol JSONMemberSink {
    /// Adds a member. Keys must differ from every key added before; no sink checks.
    mutating func member(_ key: String, _ value: JSONValue)

    /// Adds a member whose value is an object with the members `body` adds.
    mutating func member(_ key: String, object body: (inout Self) -> Void)
}

extension JSONObject: JSONMemberSink {
    public mutating func member(_ key: String, _ value: JSONValue) {
        appendUnchecked(key, value)
    }

    public mutating func member(_ key: String, object body: (inout JSONObject) -> Void) {
        var nested = JSONObject()
        body(&nested)
        appendUnchecked(key, .object(nested))
    }
}

/// Writes one JSON object's members as compact text, appending to a caller's buffer.
public struct JSONObjectWriter: JSONMemberSink {
    private var output: [UInt8]
    private var first = true

    /// Takes over `output` (without copying it) until ``finish(into:)`` hands it back.
    public init(appendingTo output: inout [UInt8]) {
        self.output = []
        swap(&self.output, &output)
        self.output.append(UInt8(ascii: "{"))
    }

    public mutating func member(_ key: String, _ value: JSONValue) {
        memberPrefix(key)
        JSONWriter.write(value, into: &output)
    }

    public mutating func member(_ key: String, object body: (inout JSONObjectWriter) -> Void) {
        memberPrefix(key)
        var nested = JSONObjectWriter(appendingTo: &output)
        body(&nested)
        nested.finish(into: &output)
    }

    /// Closes the object and gives the buffer back to the caller.
    public mutating func finish(into output: inout [UInt8]) {
        self.output.append(UInt8(ascii: "}"))
        swap(&self.output, &output)
    }

    private mutating func memberPrefix(_ key: String) {
        if !first { output.append(UInt8(ascii: ",")) }
        first = false
        JSONWriter.writeString(key, into: &output)
        output.append(UInt8(ascii: ":"))
    }
}
