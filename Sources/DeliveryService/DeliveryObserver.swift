/// Hears what the worker did, for metrics: the server counts these in Prometheus, tests count them in memory.
public protocol DeliveryObserver: Sendable {
    /// A rule matched a spooled alert and its outcome is final.
    func ruleMatched(_ rule: String)
    /// An issue was created, commented, updated or transitioned (`action`) in `project`.
    func issueAction(project: String, action: String)
    /// An alert was refused or failed for good, for `reason` (one of ``RefusalReason``'s raw values).
    func refusal(reason: String)
    /// An alert became a dead letter.
    func deadLetter()
    /// This worker claimed `count` due alerts from the spool.
    func claimed(_ count: Int)
}
