import Foundation

/// What one delivery attempt decided for a spooled alert.
public enum SpoolUpdate: Sendable, Equatable {
    /// Delivered, or nothing to do; `result` is the JSON summary of what was done.
    case done(result: String, deliveredRules: [String])
    /// A permanent failure: kept as a dead letter with the reason.
    case dead(reason: String, result: String, deliveredRules: [String])
    /// A temporary failure: try again at `nextAttempt`.
    case retry(error: String, nextAttempt: Date, deliveredRules: [String])
}
