import NIOCore
import Synchronization

/// Carries work from the spool's queues back to the event loops, waking each loop once for all the
/// answers that are ready instead of once per answer.
///
/// A group commit finishes many requests at the same moment; an `execute` for each would wake the
/// same loop again and again for what one pass can write.
final class EventLoopRelay: Sendable {
    private struct Pending {
        var loop: any EventLoop
        var work: [@Sendable () -> Void]
    }

    private let pending = Mutex<[ObjectIdentifier: Pending]>([:])

    /// Runs `work` on `loop`, together with whatever else is waiting for it.
    func post(to loop: any EventLoop, _ work: @escaping @Sendable () -> Void) {
        let key = ObjectIdentifier(loop)
        let wake = pending.withLock { pending in
            if pending[key] == nil {
                pending[key] = Pending(loop: loop, work: [work])
                return true
            }
            pending[key]!.work.append(work)
            return false
        }
        if wake {
            loop.execute { self.run(key) }
        }
    }

    private func run(_ key: ObjectIdentifier) {
        let work = pending.withLock { $0.removeValue(forKey: key)?.work ?? [] }
        for item in work { item() }
    }
}
