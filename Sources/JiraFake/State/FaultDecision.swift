/// What the fault rules want done with one request.
struct FaultDecision: Sendable {
    /// Total delay of every rule that fired.
    var latencyMilliseconds = 0
    /// The first non-latency rule that fired, if any.
    var action: FaultRule?
    /// Kinds of the rules that fired, for the request log.
    var fired: [String] = []
}
