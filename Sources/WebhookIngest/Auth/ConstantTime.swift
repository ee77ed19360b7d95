/// Comparisons whose duration says nothing about where two secrets differ, so a token cannot be
/// guessed byte by byte from response times.
enum ConstantTime {
    /// Compares SHA-256 digests of both sides, so unequal lengths take as long as equal ones.
    static func equals(_ given: some Sequence<UInt8>, _ expected: some Sequence<UInt8>) -> Bool {
        Digest.constantTimeEqual(Digest.sha256(Array(given)), Digest.sha256(Array(expected)))
    }

    /// Whether `given` equals any of `candidates`, looking at every candidate whatever matched.
    static func matchesAny(_ given: String, _ candidates: [[UInt8]]) -> Bool {
        let bytes = Array(given.utf8)
        var matched = false
        for candidate in candidates where equals(bytes, candidate) {
            matched = true
        }
        return matched
    }
}
