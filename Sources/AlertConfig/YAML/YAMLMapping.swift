import Contracts

/// A YAML mapping whose keys are taken one by one; whatever is left over is an unknown key.
package struct YAMLMapping {
    package struct Entry {
        package let key: String
        package let keyLocation: SourceLocation
        package let value: YAMLValue
    }

    package private(set) var entries: [Entry]
    package let location: SourceLocation
    /// How messages name the mapping (`rule "x"`); callers refine it once they know the name.
    package var what: String
    private var taken: Set<String> = []

    package init(entries: [Entry], location: SourceLocation, what: String) {
        self.entries = entries
        self.location = location
        self.what = what
    }

    package mutating func take(_ key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        taken.insert(key)
        return entry.value
    }

    package func has(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// Reports every key that was not taken, with the closest known key as a suggestion.
    package func reportUnknownKeys(_ diagnostics: inout Diagnostics, known: [String]) {
        for entry in entries where !taken.contains(entry.key) {
            var message = "unknown key \"\(entry.key)\" in \(what)"
            if let suggestion = Suggestion.closest(to: entry.key, in: known) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; known keys: \(known.joined(separator: ", "))"
            }
            diagnostics.error(entry.keyLocation, message)
        }
    }
}
