/// A pending alert whose time has come, with what the worker needs to deliver it.
public struct DueAlert: Sendable, Equatable {
    public var id: Int64
    public var itemIndex: Int
    public var source: String
    public var format: String
    public var body: [UInt8]
    public var attempts: Int
    public var receivedAtMilliseconds: Int64
    public var deliveredRules: [String]
}
