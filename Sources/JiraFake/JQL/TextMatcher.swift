import Foundation

/// An approximation of Jira's `~` text search: case-insensitive word matching with light stemming, `*` as a
/// word suffix wildcard, and phrases when the value itself is quoted (`summary ~ "\"disk full\""`).
///
/// Every word of the query must occur (Jira combines them with AND); common English stop words are ignored, as
/// Lucene's analyzer drops them from the index.
struct TextMatcher: Sendable {
    private static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or",
        "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ]

    private let terms: [String]
    private let isPhrase: Bool

    init(_ query: String) {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        isPhrase = trimmed.count >= 2 && trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"")
        terms = Self.words(in: trimmed, keepWildcards: true).filter { !Self.stopWords.contains($0) }
    }

    /// Whether the query had any searchable word.
    var isEmpty: Bool { terms.isEmpty }

    func matches(_ text: String) -> Bool {
        let words = Self.words(in: text, keepWildcards: false)
        if isPhrase {
            let phrase = terms
            guard !phrase.isEmpty, words.count >= phrase.count else { return phrase.isEmpty }
            return (0...(words.count - phrase.count)).contains { start in
                phrase.indices.allSatisfy { Self.term(phrase[$0], matches: words[start + $0]) }
            }
        }
        return terms.allSatisfy { term in words.contains { Self.term(term, matches: $0) } }
    }

    private static func term(_ term: String, matches word: String) -> Bool {
        if term.hasSuffix("*") { return word.hasPrefix(String(term.dropLast())) }
        return term == word
    }

    /// Lower-cased, lightly stemmed words: runs of letters and digits.
    private static func words(in text: String, keepWildcards: Bool) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            words.append(stem(current))
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || (keepWildcards && character == "*") {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Drops a plural `s` so "errors" finds "error" and back, as Jira's English stemming does.
    private static func stem(_ word: String) -> String {
        if word.hasSuffix("*") { return word }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }
}
