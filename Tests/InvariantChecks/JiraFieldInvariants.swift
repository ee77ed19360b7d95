/// What Jira accepts as a summary and as a label, checked independently of the renderer that promises it.
public enum JiraFieldInvariants {
    /// What makes `summary` unacceptable: empty, over 255 UTF-16 units, a line break or tab, a control character.
    public static func summaryProblem(_ summary: String) -> String? {
        if summary.isEmpty { return "empty summary" }
        if summary.utf16.count > 255 { return "summary of \(summary.utf16.count) UTF-16 units" }
        if let scalar = summary.unicodeScalars.first(where: { $0.properties.isWhitespace && $0 != " " }) {
            return "summary contains whitespace U+\(String(scalar.value, radix: 16))"
        }
        if let scalar = summary.unicodeScalars.first(where: isControl) {
            return "summary contains control character U+\(String(scalar.value, radix: 16))"
        }
        return nil
    }

    /// What makes `label` an invalid Jira label: empty, over 255 UTF-16 units, whitespace, a control character.
    public static func labelProblem(_ label: String) -> String? {
        if label.isEmpty { return "empty label" }
        if label.utf16.count > 255 { return "label of \(label.utf16.count) UTF-16 units" }
        if let scalar = label.unicodeScalars.first(where: \.properties.isWhitespace) {
            return "label contains whitespace U+\(String(scalar.value, radix: 16))"
        }
        if let scalar = label.unicodeScalars.first(where: isControl) {
            return "label contains control character U+\(String(scalar.value, radix: 16))"
        }
        return nil
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
