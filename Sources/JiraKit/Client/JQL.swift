/// Builds JQL from values without letting a value change the query: every value is a quoted string
/// literal with `"` and `\` escaped, and relative times are whole minutes.
public enum JQL {
    /// `"text"`, escaped so the text is always one string literal, whatever it contains.
    ///
    /// Jira's lexer refuses control characters (U+0000–U+001F but `\n` and `\r`, U+007F–U+009F) and the
    /// noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF inside a quoted string, so those are written as `\uXXXX`.
    public static func string(_ text: String) -> String {
        var quoted = "\""
        quoted.reserveCapacity(text.utf8.count + 2)
        for character in text.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default:
                switch character.value {
                case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF:
                    let digits = String(character.value, radix: 16, uppercase: true)
                    quoted += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                default:
                    quoted.unicodeScalars.append(character)
                }
            }
        }
        return quoted + "\""
    }

    /// `("a", "b")` for `in` clauses.
    public static func list(_ values: [String]) -> String {
        "(" + values.map(string).joined(separator: ", ") + ")"
    }

    /// A relative time such as `-1440m` (JQL accepts minutes, hours, days and weeks).
    public static func ago(_ duration: Duration) -> String {
        "-\(max(1, Int(duration.components.seconds / 60)))m"
    }

    /// The clause that matches issues carrying any of `labels`.
    public static func labels(_ labels: [String]) -> String {
        "labels in " + list(labels)
    }

    /// A text custom field containing any of `values` (`~` is a word search; callers check exact
    /// equality on the results).
    public static func text(field: String, containsAnyOf values: [String]) -> String {
        let reference = FieldSchema.isCustomFieldID(field) ? "cf[\(field.dropFirst("customfield_".count))]" : string(field)
        return "(" + values.map { "\(reference) ~ \(string($0))" }.joined(separator: " OR ") + ")"
    }
}
