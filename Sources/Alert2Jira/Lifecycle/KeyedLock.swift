/// Serializes work on the same dedup key inside one process, so a burst of identical alerts creates
/// one issue: the second waits for the first to finish (and find the issue it created) before it
/// looks.
///
/// Several keys are taken in sorted order, so two batches that share keys can never deadlock.
actor KeyedLock {
    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    func lock(_ keys: [String]) async {
        for key in Set(keys).sorted() {
            if held.contains(key) {
                await withCheckedContinuation { waiters[key, default: []].append($0) }
                // Ownership was handed over by `unlock`; `held` still contains the key.
            } else {
                held.insert(key)
            }
        }
    }

    func unlock(_ keys: [String]) {
        for key in Set(keys) {
            if var queue = waiters[key], !queue.isEmpty {
                let next = queue.removeFirst()
                waiters[key] = queue.isEmpty ? nil : queue
                next.resume()
            } else {
                held.remove(key)
            }
        }
    }
}
