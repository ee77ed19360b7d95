import Synchronization

/// Wakes the delivery worker early: when alerts are accepted, when a delivery finishes, when the server
/// stops. A signal with nobody waiting is remembered, so none is lost between two waits.
final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var stopped = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Ends every wait, now and later.
    func stop() {
        state.withLock { $0.stopped = true }
        signal()
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Returns on a signal, on `stop()`, or after `timeout`.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Only a sleep that ran its course wakes the waiter; a cancelled one must not leave a
                // stray signal behind.
                if (try? await Task.sleep(for: timeout)) != nil { self.signal() }
            }
            group.addTask { await self.waitForSignal() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns on a signal, on `stop()`, or when the task is cancelled: a cancelled server must not hang here.
    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await waitForResume()
        } onCancel: {
            signal()
        }
    }

    private func waitForResume() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.signalled || state.stopped {
                    state.signalled = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
