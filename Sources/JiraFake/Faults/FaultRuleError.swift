/// Why a fault rule was refused.
public struct FaultRuleError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
