import Contracts
import Foundation

/// Expands `${VAR}` and `${VAR:-default}` in configuration strings; `$${` stands for a literal `${`.
///
/// As in the shell, the default also replaces a variable that is set but empty, so
/// `${JIRA_URL:-https://…}` works when a deployment exports `JIRA_URL=`.
package enum EnvironmentExpansion {
    /// - Parameter redacted: the text is a credential: messages name no part of it.
    package static func expand(
        _ text: String,
        environment: [String: String],
        at location: SourceLocation,
        redacted: Bool = false,
        _ diagnostics: inout Diagnostics
    ) -> String? {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        var ok = true
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if rest[afterDollar...].hasPrefix("${") {
                result += "${"
                rest = rest[rest.index(afterDollar, offsetBy: 2)...]
                continue
            }
            guard rest[afterDollar...].hasPrefix("{") else {
                result += "$"
                rest = rest[afterDollar...]
                continue
            }
            guard let close = rest[afterDollar...].firstIndex(of: "}") else {
                let quoted = redacted ? "" : " in \"\(text)\""
                diagnostics.error(location, "unterminated \"${\"\(quoted); write ${NAME}, or $${ for a literal ${")
                return nil
            }
            let body = rest[rest.index(after: afterDollar)..<close]
            rest = rest[rest.index(after: close)...]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            if !isValidName(name) {
                let quoted = redacted ? "" : " \"\(name)\" in \"${\(body)}\""
                diagnostics.error(
                    location,
                    "invalid environment variable name\(quoted); names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
                )
                ok = false
            } else if fallback?.contains("${") == true {
                // The first `}` closes the reference, so a nested default would be cut in half.
                diagnostics.error(location, "nested ${…} in the default of ${\(name)} is not supported")
                ok = false
            } else if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                diagnostics.error(location, "environment variable \(name) is not set; set it, or write ${\(name):-default}")
                ok = false
            }
        }
        result += rest
        return ok ? result : nil
    }

    /// POSIX shell names: what `export` accepts, so any name used here can actually be set.
    package static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
