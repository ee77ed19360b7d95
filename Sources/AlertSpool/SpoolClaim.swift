/// An alert a worker took from the spool: its id, and the lease that says it is still this worker's.
///
/// A spool one process owns gives no lease (`nil`). A shared spool gives each claim a token of its own, and
/// takes only the verdicts and renewals that quote the current one, so a replica whose lease lapsed while
/// it was stalled cannot finish a row another replica has taken over.
public struct SpoolClaim: Sendable, Hashable {
    public var id: Int64
    public var lease: Int64?

    public init(id: Int64, lease: Int64? = nil) {
        self.id = id
        self.lease = lease
    }
}
