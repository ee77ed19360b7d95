import Foundation

/// A pending alert whose time has come, with what the worker needs to deliver it.
public struct DueAlert: Sendable, Equatable {
    public var id: Int64
    /// The claim's lease token on a shared spool; `nil` on a spool one process owns.
    public var lease: Int64?
    public var itemIndex: Int
    public var source: String
    public var format: String
    public var body: [UInt8]
    public var attempts: Int
    public var receivedAt: Date
    public var deliveredRules: [String]

    public init(
        id: Int64,
        lease: Int64? = nil,
        itemIndex: Int,
        source: String,
        format: String,
        body: [UInt8],
        attempts: Int,
        receivedAt: Date,
        deliveredRules: [String]
    ) {
        self.id = id
        self.lease = lease
        self.itemIndex = itemIndex
        self.source = source
        self.format = format
        self.body = body
        self.attempts = attempts
        self.receivedAt = receivedAt
        self.deliveredRules = deliveredRules
    }

    /// What a verdict or a renewal quotes.
    public var claim: SpoolClaim { SpoolClaim(id: id, lease: lease) }
}
