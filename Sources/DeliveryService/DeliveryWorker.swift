import Alert2Jira
import AlertModel
import AlertRules
import AlertSpool
import Contracts
import Foundation
import JSON
import Logging
import ServiceLifecycle
import Synchronization

/// Drains the spool into Jira: takes due alerts, runs each through the pipeline (route → render →
/// preflight → dedup → deliver) with bounded concurrency, and records the verdict.
///
/// At least once: a row stays `pending` until its verdict is committed, so an alert whose delivery was
/// cut short by a crash is delivered again on the next start (the lifecycle's dedup search then finds
/// the issue instead of creating another). A connection failing temporarily is paused: its alerts wait
/// for the backoff (or `Retry-After`) instead of each trying a Jira that is down.
public actor DeliveryWorker: Service {
    let spool: any SpoolStore
    /// The runtime in force; a reload swaps it, and each attempt reads it once.
    let runtime: @Sendable () -> DeliveryRuntime
    let health: ConnectionHealth
    let observer: any DeliveryObserver
    let logger: Logger
    let settings: WorkerSettings
    private let wakeup = Wakeup()
    /// Whether new alerts should wake the worker: it has free slots and Jira is not paused. Read by
    /// every accepting request, so it is an atomic rather than actor state.
    private let wantsWork = Atomic<Bool>(true)
    private var inFlight: [Int64: (claim: SpoolClaim, task: Task<Void, Never>)] = [:]
    /// When the leases of the claims in flight were last extended (shared spools only).
    private var lastRenewal = ContinuousClock.now
    /// Claims in flight whose lease lapsed: no longer renewed, and reported once.
    private var lapsed: Set<Int64> = []
    private var lastPrune: ContinuousClock.Instant?
    /// Set while every connection is paused: until then there is nothing to do.
    private var blockedUntil: Date?

    public init(
        spool: any SpoolStore,
        runtime: @escaping @Sendable () -> DeliveryRuntime,
        health: ConnectionHealth,
        observer: any DeliveryObserver,
        logger: Logger,
        settings: WorkerSettings
    ) {
        self.spool = spool
        self.runtime = runtime
        self.health = health
        self.observer = observer
        self.logger = logger
        self.settings = settings
    }

    /// New alerts arrived: look at the spool now rather than at the next poll, if there is room for them.
    public nonisolated func notify() {
        if wantsWork.load(ordering: .relaxed) { wakeup.signal() }
    }

    /// Jira may take alerts again (a paused connection answered): look now.
    public nonisolated func resume() {
        wakeup.signal()
    }

    public func run() async throws {
        let wakeup = self.wakeup
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            wakeup.stop()
        }
        await drain()
    }

    private func loop() async {
        // Cancellation (a service beside it failed, the server could not listen) stops the loop too.
        while !wakeup.isStopped, !Task.isCancelled {
            await fill()
            await renewIfDue()
            await pruneIfDue()
            await wakeup.wait(upTo: await nextWait())
        }
    }

    /// Starts attempts for due alerts until `concurrency` are in flight.
    private func fill() async {
        let free = settings.concurrency - inFlight.count
        wantsWork.store(false, ordering: .relaxed)
        guard free > 0, !wakeup.isStopped else { return }
        // Jira down everywhere: alerts stay as they are, and nobody reads or writes the spool for them.
        let connections = runtime().connections
        blockedUntil = connections.isEmpty ? nil : await health.allPaused(connections)
        if blockedUntil != nil { return }
        wantsWork.store(free > 0, ordering: .relaxed)
        let due: [DueAlert]
        do {
            due = try await spool.claim(limit: free, excluding: Set(inFlight.keys))
            if inFlight.isEmpty { lastRenewal = ContinuousClock.now }
        } catch {
            logger.error("cannot read the spool", metadata: ["error": .string(error.description)])
            return
        }
        wantsWork.store(due.count < free, ordering: .relaxed)
        if !due.isEmpty { observer.claimed(due.count) }
        for alert in due {
            inFlight[alert.id] = (
                alert.claim,
                Task {
                    await self.attempt(alert)
                    self.finished(alert.id)
                }
            )
        }
    }

    /// Extends the leases of the alerts in flight a third of a lease after the last time, so a slow Jira
    /// never lets them lapse while this replica is alive; a lease that lapsed anyway is reported.
    private func renewIfDue() async {
        guard let lease = spool.leaseDuration, !inFlight.isEmpty, ContinuousClock.now - lastRenewal >= lease / 3 else { return }
        lastRenewal = ContinuousClock.now
        let claims = inFlight.values.map(\.claim).filter { !lapsed.contains($0.id) }
        guard !claims.isEmpty else { return }
        do {
            let held = try await spool.renew(claims, now: Date())
            for lost in claims where !held.contains(lost) {
                lapsed.insert(lost.id)
                logger.warning(
                    "the lease on an alert lapsed; another replica may deliver it, and this one will not write it to Jira",
                    metadata: ["spool_id": "\(lost.id)"]
                )
            }
        } catch {
            logger.error("cannot renew leases", metadata: ["error": .string(error.description)])
        }
    }

    private func finished(_ id: Int64) {
        inFlight[id] = nil
        lapsed.remove(id)
        wakeup.signal()
    }

    /// Until the next pending alert is due, capped by the poll interval.
    private func nextWait() async -> Duration {
        if let blockedUntil {
            return .milliseconds(max(5, min(Int64(blockedUntil.timeIntervalSinceNow * 1000), Backoff.milliseconds(settings.pollInterval))))
        }
        guard inFlight.count < settings.concurrency, let next = try? await spool.nextDue() else { return settings.pollInterval }
        let milliseconds = Int64(next.timeIntervalSinceNow * 1000)
        return .milliseconds(max(5, min(milliseconds, Backoff.milliseconds(settings.pollInterval))))
    }

    private func pruneIfDue() async {
        let now = ContinuousClock.now
        if let lastPrune, now - lastPrune < settings.pruneInterval { return }
        lastPrune = now
        let cutoff = Date().addingTimeInterval(-Double(Backoff.milliseconds(settings.retention)) / 1000)
        do {
            let pruned = try await spool.prune(deliveredBefore: cutoff)
            if pruned > 0 { logger.info("pruned delivered alerts past their retention", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.error("cannot prune the spool", metadata: ["error": .string(error.description)])
        }
    }

    /// Waits for attempts in flight, up to the shutdown timeout; those still running then are left
    /// pending and are delivered again at the next start.
    private func drain() async {
        let tasks = inFlight.values.map(\.task)
        guard !tasks.isEmpty else { return }
        logger.info("waiting for deliveries in flight", metadata: ["count": "\(tasks.count)"])
        let finishedInTime = await Self.wait(for: tasks, upTo: settings.shutdownTimeout)
        if !finishedInTime {
            for task in tasks { task.cancel() }
            logger.warning("deliveries still in flight at shutdown stay pending and are retried at the next start")
        }
    }

    private static func wait(for tasks: [Task<Void, Never>], upTo timeout: Duration) async -> Bool {
        let once = ResumeOnce()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            once.set(continuation)
            Task {
                for task in tasks { await task.value }
                once.resume(true)
            }
            Task {
                try? await Task.sleep(for: timeout)
                once.resume(false)
            }
        }
    }

    // MARK: - One attempt

    /// Delivers one spooled alert and records the verdict. Runs off the actor, so attempts overlap.
    nonisolated func attempt(_ due: DueAlert) async {
        let runtime = self.runtime()
        let now = Date()
        var log = logger
        log[metadataKey: "spool_id"] = "\(due.id)"

        guard let item = Self.item(of: due, runtime: runtime) else {
            let reason = "the spooled payload can no longer be read as \(due.format) (was the format removed?)"
            await record(due, .dead(reason: reason, result: "[]", deliveredRules: due.deliveredRules), countsAsAttempt: true, log: log)
            return
        }
        let plans = runtime.pipeline.plan(item).filter { plan in
            guard let rule = Self.rule(of: plan) else { return true }
            return !due.deliveredRules.contains(rule)
        }

        // A paused connection's alerts wait without an attempt: Jira is down or asked us to slow down.
        var pausedUntil: Date?
        for plan in plans {
            guard case .deliver(_, let draft) = plan, let connection = draft.connection else { continue }
            if let until = await health.pausedUntil(connection, now: now) { pausedUntil = max(pausedUntil ?? until, until) }
        }
        if let pausedUntil {
            do {
                try await spool.postpone([due.claim], until: pausedUntil, reason: "waiting for the Jira connection to recover")
            } catch {
                log.error("cannot postpone an alert", metadata: ["error": .string(error.description)])
            }
            return
        }

        var outcomes: [Outcome] = []
        // On a shared spool, every write to Jira first checks that the alert is still this replica's.
        let spool = self.spool
        let claim = due.claim
        let fence: DeliveryFence? = claim.lease == nil ? nil : { @Sendable in await spool.holds(claim, now: Date()) }
        for plan in plans {
            outcomes.append(await runtime.delivery.deliver(plan, dryRun: false, fence: fence))
        }
        // Credentials Jira refuses are retried for a grace period: a token rotated a minute late must not
        // turn every alert into a dead letter.
        var refusedSince: [String: Date] = [:]
        for outcome in outcomes where outcome.action == .failed && outcome.failureStatus == .configError {
            if let connection = outcome.connection { refusedSince[connection] = await health.credentialsRefused(connection, at: now) }
        }
        let grace = Double(settings.authFailureGrace.components.seconds)
        let verdict = DeliveryVerdict.classify(outcomes, previouslyDelivered: due.deliveredRules) { connection in
            refusedSince[connection].map { now.timeIntervalSince($0) < grace } ?? false
        }
        for (connection, since) in refusedSince where now.timeIntervalSince(since) < grace {
            log.warning(
                "Jira refuses the credentials of this connection; retrying until server.auth_failure_grace runs out",
                metadata: ["connection": .string(connection), "refused_since": .string(ISO8601DateFormatter().string(from: since))]
            )
        }
        await observe(outcomes, verdict: verdict, due: due, log: log)

        let result = verdict.result.jsonString
        let update: SpoolUpdate
        switch verdict.kind {
        case .done:
            update = .done(result: result, deliveredRules: verdict.deliveredRules)
        case .dead(let reason):
            update = .dead(reason: reason, result: result, deliveredRules: verdict.deliveredRules)
        case .retry(let error):
            let age = Duration.milliseconds(Int64((now.timeIntervalSince(due.receivedAt) * 1000).rounded()))
            if let giveUp = settings.giveUpAfter, age >= giveUp {
                update = .dead(
                    reason: "gave up after \(giveUp.components.seconds)s (server.give_up_after); still failing: \(error)",
                    result: result,
                    deliveredRules: verdict.deliveredRules
                )
            } else {
                var failures = 0
                for connection in verdict.failingConnections.keys {
                    failures = max(failures, await health.consecutiveFailures(connection))
                }
                let delay = settings.backoff.delay(afterAttempt: max(due.attempts + 1, failures), retryAfter: verdict.retryAfter)
                let next = now.addingTimeInterval(Double(Backoff.milliseconds(delay)) / 1000)
                for (connection, message) in verdict.failingConnections {
                    await health.failed(connection, message: message, pauseUntil: next, at: now)
                }
                update = .retry(error: error, nextAttempt: next, deliveredRules: verdict.deliveredRules)
                log.warning(
                    "delivery failed temporarily; will retry",
                    metadata: ["retry_in_ms": "\(Backoff.milliseconds(delay))", "error": .string(error)]
                )
            }
        }
        if case .dead = update { observer.deadLetter() }
        await record(due, update, countsAsAttempt: true, log: log)
    }

    private nonisolated func record(_ due: DueAlert, _ update: SpoolUpdate, countsAsAttempt: Bool, log: Logger) async {
        do {
            let recorded = try await spool.finish(due.claim, update, countsAsAttempt: countsAsAttempt, now: Date())
            if !recorded, due.lease != nil {
                log.warning("the alert's lease lapsed before its verdict was recorded; the replica that holds it now decides")
                return
            }
        } catch {
            // The verdict is lost, not the alert: it stays pending and is delivered again.
            log.error("cannot record a delivery in the spool", metadata: ["error": .string(error.description)])
        }
        if case .dead(let reason, _, _) = update {
            log.error("alert is a dead letter", metadata: ["reason": .string(reason)])
        }
    }

    /// Metrics, connection health and the one log line per outcome.
    private nonisolated func observe(_ outcomes: [Outcome], verdict: DeliveryVerdict, due: DueAlert, log: Logger) async {
        for connection in verdict.workingConnections {
            await health.succeeded(connection)
            await health.credentialsAccepted(connection)
        }
        for outcome in outcomes where !DeliveryVerdict.isTemporary(outcome) {
            if let rule = outcome.rule { observer.ruleMatched(rule) }
            if DeliveryVerdict.isPermanentFailure(outcome) {
                observer.refusal(reason: RefusalReason.classify(outcome).rawValue)
                if outcome.failureStatus == .configError, let connection = outcome.connection {
                    await health.failed(connection, message: outcome.problems.joined(separator: "; "), pauseUntil: nil)
                }
            } else if outcome.issueKey != nil, let project = outcome.project {
                observer.issueAction(project: project, action: outcome.action.rawValue)
            }
            var metadata: Logger.Metadata = [
                "rule": .string(outcome.rule ?? "-"),
                "project": .string(outcome.project ?? "-"),
                "key": .string(outcome.issueKey ?? "-"),
                "action": .string(outcome.action.rawValue),
            ]
            if let alert = outcome.alert { metadata["alert"] = .string(alert.title) }
            if !outcome.problems.isEmpty, DeliveryVerdict.isPermanentFailure(outcome) {
                metadata["problems"] = .string(outcome.problems.joined(separator: "; "))
            }
            log.info("alert \(outcome.action.rawValue)", metadata: metadata)
        }
    }

    /// The alert a spooled row stands for, read the way it was read when it was accepted.
    static func item(of due: DueAlert, runtime: DeliveryRuntime) -> IngestItem? {
        guard let ingestor = runtime.ingestors.ingestor(format: due.format), let value = try? JSONParser.parse(due.body) else { return nil }
        guard case .success(let items) = ingestor.ingest(value, source: "spool", line: 1), items.indices.contains(due.itemIndex) else {
            return nil
        }
        return items[due.itemIndex]
    }

    static func rule(of plan: Pipeline.Plan) -> String? {
        switch plan {
        case .deliver(_, let draft): draft.rule
        case .done(let outcome): outcome.rule
        }
    }
}

/// Resumes a continuation once, whichever of several racers gets there first.
final class ResumeOnce: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ value: Bool) {
        let waiting = continuation.withLock { current -> CheckedContinuation<Bool, Never>? in
            defer { current = nil }
            return current
        }
        waiting?.resume(returning: value)
    }
}
