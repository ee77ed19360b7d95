/// The UTF-16 units still free in a rendering, and whether something has already been left out.
struct LengthBudget: Sendable {
    private(set) var remaining: Int
    /// Whether there is a limit at all; without one, callers may pass 0 instead of measuring what they take.
    let isLimited: Bool
    /// Once something did not fit, nothing after it is taken, so the output is a prefix of the document.
    private(set) var isCut = false

    /// A budget of `remaining` units, or an unlimited one for `nil`.
    init(remaining: Int?) {
        self.remaining = remaining ?? .max
        self.isLimited = remaining != nil
    }

    /// Takes `cost` units if they are free; otherwise marks the rendering as cut.
    mutating func take(_ cost: Int) -> Bool {
        guard !isCut, cost <= remaining else {
            isCut = true
            return false
        }
        remaining -= cost
        return true
    }
}
