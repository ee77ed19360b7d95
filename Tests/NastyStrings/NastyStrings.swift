import PropertyBased

/// Strings built to break renderers and escapers: markup and its escapes, `{noformat}` and links, control
/// characters and CRLF, emoji with modifiers and ZWJ, flags, combining marks, prepended and RTL scalars,
/// noncharacters, any scalar at all, and very long runs.
public enum NastyStrings {
    public static let fragments: [String] = [
        "a", "Z", "9", "x y", " ", "  ", "\t", "\n", "\n\n", " \n ", "\r\n", "\r", "\u{0}", "\u{1}", "\u{7}", "\u{1B}[31m", "\u{7F}",
        "\u{85}", "\u{9F}", "\u{2028}", "\u{2029}", "\u{A0}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{FFFD}",
        "*", "_", "?", "-", "+", "^", "~", "{", "}", "[", "]", "!", "|", "#", "\\", "\\\\", "&", "&amp;", "&#123;", "&#", "(",
        ")", ":", ";", ";)", ":)", ":P", "(x)", "(on)", "(/)", "h1.", "H6.", "bq.", "----", "* ", "# ", "- ", "||", "{{", "}}",
        "{noformat}", "{NoFormat}", "{noformat", "{code}", "{html}<script>alert(1)</script>{html}", "{color:red}x{color}",
        "[a|http://x]", "[~admin]", "[^file.txt]", "!image.png!", "http://example.com/a_b(c)", "https://x.y/z?q=1&r=[2]|3",
        "HTTPS://EXAMPLE.COM.", "javascript:alert(1)", "mailto:a@b.c", "file:///etc/passwd", "data:text/html,x",
        "\"", "'", "\\\"", "\\u0041", "%s", "{{title}}", "</script>", "é", "e\u{301}", "\u{301}", "*\u{301}", "\u{20DD}", "👍",
        "👍🏽", "👨‍👩‍👧‍👦", "🇺🇸", "🇺🇸🇫🇷🇩🇪🇯🇵", "\u{200D}", "\u{0600}", "\u{0600}h", "\u{05D0}\u{05D1}", "\u{202E}", "\u{202B}",
        "\u{0645}\u{0631}", "𝔘", "½", "٣", "\u{1FEF}", "中文", "ｈｔｔｐ：／／", String(Unicode.Scalar(0xFDD0)!), String(Unicode.Scalar(0xFFFE)!),
        String(Unicode.Scalar(0xFFFF)!), String(Unicode.Scalar(0x10FFFF)!),
        String(repeating: "a", count: 300), String(repeating: "é", count: 200), String(repeating: "👨‍👩‍👧‍👦", count: 40),
        String(repeating: "🇺🇸", count: 150), String(repeating: "*_{[|]}", count: 60), String(repeating: "x\n", count: 100),
    ]

    /// `count` pieces, each a fragment or (one in five) any scalar but a surrogate.
    public static func pieces(_ count: ClosedRange<Int>) -> Generator<String, AnySequence<Any>> {
        let choices = Gen<Int>.int(in: 0...(fragments.count + fragments.count / 4)).array(of: count)
        let scalars = Gen<UInt32>.value(in: 0...0x10FFFF).array(of: 8)
        return zip(choices, scalars).map { indices, scalars in
            var text = ""
            for (position, index) in indices.enumerated() {
                if index < fragments.count {
                    text += fragments[index]
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(scalars[position % scalars.count]) ?? "\u{FFFD}")
                }
            }
            return text
        }.eraseToAny()
    }

    /// Strings of up to 40 pieces.
    public static let strings = pieces(0...40)
    /// Up to 400 pieces: tens of thousands of characters with the long fragments.
    public static let longStrings = pieces(0...400)
}
