/// A credential that never prints itself: logs, errors, `--dry-run` and `check` show `***`.
///
/// It also reflects as nothing, so `dump(config)` and anything else that walks a value's `Mirror`
/// (swift-mustache does) cannot reach the credential either.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The credential itself; read it only where it is sent.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
