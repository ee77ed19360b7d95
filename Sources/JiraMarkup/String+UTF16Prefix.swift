extension StringProtocol {
    /// The longest prefix of whole Characters that takes at most `budget` UTF-16 code units.
    ///
    /// Jira measures length in UTF-16 units, and cutting on Character boundaries keeps emoji, flags and
    /// combining sequences intact.
    func prefix(utf16Budget budget: Int) -> SubSequence {
        // Fast path: when the first `budget` bytes and the byte after them are ASCII (and not `\r`, which joins a
        // `\n`), those bytes are exactly the Characters that fit, with no segmentation needed.
        var end = utf8.startIndex
        var used = 0
        while used < budget, end < utf8.endIndex, utf8[end] < 0x80, utf8[end] != UInt8(ascii: "\r") {
            utf8.formIndex(after: &end)
            used += 1
        }
        if end == utf8.endIndex || (used == budget && utf8[end] < 0x80) {
            return self[startIndex..<end]
        }
        return characterPrefix(utf16Budget: budget)
    }

    private func characterPrefix(utf16Budget budget: Int) -> SubSequence {
        var used = 0
        var end = startIndex
        for index in indices {
            let width = self[index].utf16.count
            guard used + width <= budget else { break }
            used += width
            end = self.index(after: index)
        }
        return self[startIndex..<end]
    }
}
