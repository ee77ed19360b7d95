/// Makes alert text acceptable to Jira before any rendering looks at it.
///
/// Jira rejects control characters in descriptions, and renderers split on `\n` only, so this runs first and
/// every later step can rely on: no `\r`, no C0 control other than `\n` and `\t`.
enum TextSanitizer {
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// `\r\n` and lone `\r` become `\n`; other C0 controls except `\t` become U+FFFD (see ``JiraMarkup``).
    static func clean(_ text: String) -> String {
        // Fast path: most alert text has nothing to clean, and this keeps it from being copied.
        guard containsControl(text, allowingNewlineAndTab: true) else { return text }
        var result = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0D:
                result.append("\n")
            case 0x0A:
                // The `\n` of a `\r\n` pair was already written for the `\r`.
                if !previousWasCarriageReturn { result.append(scalar) }
            case 0x09:
                result.append(scalar)
            case 0x00..<0x20:
                result.append(replacement)
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// As ``clean(_:)``, then newlines and tabs as spaces, for places that must stay on one line.
    static func cleanSingleLine(_ text: String) -> String {
        guard containsControl(text, allowingNewlineAndTab: false) else { return text }
        let cleaned = clean(text)
        var result = String.UnicodeScalarView()
        for scalar in cleaned.unicodeScalars {
            result.append(scalar == "\n" || scalar == "\t" ? " " : scalar)
        }
        return String(result)
    }

    /// Whether `text` has a C0 control character, not counting `\n` and `\t` if they are allowed.
    ///
    /// No early exit: a branch-free pass over the bytes vectorizes, and almost every text has to be read
    /// to the end anyway because it is clean.
    private static func containsControl(_ text: String, allowingNewlineAndTab: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var found: UInt8 = 0
            if allowingNewlineAndTab {
                // `byte &- 9 < 2` is `\t` or `\n`; selects instead of `&&` keep the loop free of branches.
                for byte in bytes { found |= (byte < 0x20 ? 1 : 0) & (byte &- 9 < 2 ? 0 : 1) }
            } else {
                for byte in bytes { found |= byte < 0x20 ? 1 : 0 }
            }
            return found != 0
        }
    }
}
