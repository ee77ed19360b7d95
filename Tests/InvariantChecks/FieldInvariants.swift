import JiraSpec

/// What our renderer promises of a summary and a label: everything Jira requires (``JiraFieldRules``), and
/// more: never empty, no tab or other line-like whitespace in a summary, no control character anywhere.
public enum FieldInvariants {
    public static func summaryProblem(_ summary: String) -> String? {
        if summary.isEmpty { return "empty summary" }
        if let refusal = JiraFieldRules.summaryRefusal(summary, deployment: .cloud) { return refusal }
        if let scalar = summary.unicodeScalars.first(where: { $0.properties.isWhitespace && $0 != " " }) {
            return "summary contains whitespace U+\(String(scalar.value, radix: 16))"
        }
        if let scalar = summary.unicodeScalars.first(where: isControl) {
            return "summary contains control character U+\(String(scalar.value, radix: 16))"
        }
        return nil
    }

    public static func labelProblem(_ label: String) -> String? {
        if label.isEmpty { return "empty label" }
        if let refusal = JiraFieldRules.labelRefusal(label) { return refusal }
        if let scalar = label.unicodeScalars.first(where: isControl) {
            return "label contains control character U+\(String(scalar.value, radix: 16))"
        }
        return nil
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
