import AlertModel
import Foundation
import JSON
import JiraMarkup
import Testing

/// Pins the exact bytes both renderers produce over a wide corpus, so optimizations can prove they changed nothing.
///
/// The expected hashes were produced by running this test against the original `[Character]`-based JiraMarkup
/// (before the UTF-8 rewrite), reading the actual value from the failure message and pasting it here. They may
/// only change together with a deliberate change of the output, and then every other test must still pass. The
/// corpus hash changed once since: markup characters joined to a neighbouring scalar (`*\u{301}`, U+0600 `|`)
/// are now escaped, and a URL ends at a Character holding whitespace anywhere, because Jira matches its markup
/// on UTF-16 units, not Characters.
struct GoldenOutputTests {
    /// FNV-1a (``StableHash/fnv1a64(_:)``) over ``renderings(of:)`` of ``corpus``.
    static let corpusHash = "47cc5a6b8d1eed87"
    /// The same over every `samples/**/*.json` file, each as description text and as raw payload; changes when a
    /// sample file is added or edited (regenerate it with the renderer as of the previous commit).
    static let samplesHash = "7fcf7368a3b4a076"
    static let sampleCount = 28

    /// Limits that cut inside text, escapes, links, labels and the payload block of the corpus documents.
    static let limits = [0, 1, 2, 12, 29, 30, 31, 57, 64, 101, 160, 250]

    @Test func corpusOutputIsUnchanged() {
        let hash = StableHash.fnv1a64(Self.corpus.flatMap { renderings(of: $0, limits: Self.limits) })
        #expect(hash == Self.corpusHash)
    }

    @Test func samplesOutputIsUnchanged() throws {
        let samples = try Self.sampleTexts()
        #expect(samples.count == Self.sampleCount)
        let hash = StableHash.fnv1a64(samples.flatMap { renderings(of: $0, limits: [500]) })
        #expect(hash == Self.samplesHash)
    }

    /// Every public rendering of `text`: alone, as a label and as a payload, whole and cut at each of `limits`.
    private func renderings(of text: String, limits: [Int]) -> [String] {
        let name = String(text.prefix(12))
        let documents = [
            DescriptionDocument(text: text),
            DescriptionDocument(text: "Alert", labels: [(name: name, value: text), (name: "b", value: "x")]),
            DescriptionDocument(text: text, labels: [(name: "severity", value: "critical")], rawPayload: text),
        ]
        var outputs = [WikiMarkup.escape(text)]
        for document in documents {
            outputs.append(document.wikiMarkup())
            outputs.append(document.adf().jsonString)
            for limit in limits {
                outputs.append(document.wikiMarkup(maximumLength: limit))
                outputs.append(document.adf(maximumLength: limit).jsonString)
            }
        }
        return outputs
    }

    /// The text of every sample payload, in path order.
    static func sampleTexts() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples")
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
        return try paths.map { try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Hand-picked text plus generated combinations of the fragments the escaping and link rules look at.
    static let corpus: [String] = handwritten + InjectionTests.attempts + generated(count: 600, seed: 0x5EED)

    static let handwritten: [String] = [
        "",
        " ",
        "\n",
        "Disk full on db-1",
        """
        [FIRING:2] HighCPUUsage for api-server (prod-eu-west-1)

        CPU on api-server-7d9f8b6c5-xk2lp has been above 90% for 10 minutes (current: 94.37%).
        Runbook: https://runbooks.example.com/kubernetes/high-cpu-usage#mitigation.
        https://grafana.example.com/d/k8s-pods/pods?orgId=1&var-namespace=prod&var-pod=api-server-7d9f8b6c5-xk2lp
        """,
        // Emoji: ZWJ sequences, skin tones, flags, keycaps, variation selectors.
        "🔥 CPU 90% 👨‍👩‍👧‍👦 👍🏽 🇯🇵🇺🇸🇫 #️⃣ 5️⃣. ❤️ 🏳️‍🌈 x👩🏿‍💻y",
        "*👍🏽* _🇯🇵_ (👨‍👩‍👧‍👦) h👍1. :👍 &👍 \\👍",
        // Combining marks on markup characters and on letters; precomposed and decomposed.
        "e\u{301} Å A\u{30A} *\u{301}bold*\u{301} [\u{301}x]\u{301} |\u{301} \\\u{301} &\u{301}#1; :\u{301}) (\u{301}x)",
        "h\u{301}1. heading\nh1\u{301}. x\nh5\u{FE0F}\u{20E3}. y\nh6\u{301}. z\nb\u{301}q. q\nbq\u{301}. r",
        "\u{301}* leading mark\n\u{301}h1. x\n \u{301}* spaced mark",
        // Prepend characters glue onto what follows; spacing marks and ZWJ onto what precedes.
        "\u{600}* a \u{600}h1. \u{600}http://x.example \u{600} http://y.example \u{600}(x) \u{600};)",
        "x*\u{93E} http://a.example/\u{93E} http:/\u{93E}/b.example http://\u{93E}c.example a\u{200D}*",
        // Canonical singletons equal to ASCII: GREEK QUESTION MARK (;), GREEK VARIA (`), KELVIN SIGN (K).
        "http://a.example/x\u{1FEF}y http://b.example/\u{37E} ;\u{37E}) \u{37E}) \u{212A}",
        // CJK, full-width and sentence punctuation, numbers that aren't ASCII digits.
        "火事です。詳細は https://example.jp/火事。を見て、http://example.jp/a」 a:一 b:² c:½ d:٣ 10:30 Ｈ１. ｈ",
        // Right-to-left text and marks.
        "שלום עולם: https://example.co.il/שלום? عالم (مرحبا) \u{200F}*x\u{200E}",
        // Line endings and whitespace of every kind, including blank-looking lines.
        "a\r\nb\rc\n\rd\r\r\ne",
        "First\r\n  \r\n\n\t\nSecond\n\u{A0}\nThird\n\u{3000}\nFourth\n \u{301}\nFifth\n\u{2028}\nSixth\n\u{85}x",
        "\u{A0}* nbsp item\n\u{3000}# ideographic\n\u{2003}- em space\n\u{85}+ next line\n\u{2028}| separator",
        // C0 and C1 controls.
        "a\u{0}b\u{7}c\td\u{1B}[31m\u{8}\u{B}\u{C}\u{1F}\u{7F}\u{80}\u{9F}end",
        "htt\u{1}p://evil.example http\u{0}s://x.example",
        // URLs with trailing punctuation, brackets, parentheses and odd characters.
        "See https://wiki.example.com/runbook. Or http://en.wikipedia.org/wiki/Foo_(bar)), or (https://x.example/a).",
        "http://[::1]:9093/x https://a.example/b?c=1&d=[2]] 'https://q.example/' \"http://r.example\" <http://s.example>",
        "https://a.example/*x*! http://b.example/?!,;: https://c.example/a_b-c~d+e^f{g}h|i\\j`k",
        "xhttp://no 1https://no _https://yes.example https:// http://. https://.a HTTP://UPPER.EXAMPLE HtTpS://Mixed.example",
        "mailto:https://x.example a:http://b.example &https://c.example (https://d.example) h1.https://e.example",
        String(repeating: "http://.", count: 50) + String(repeating: "hhhh", count: 20),
        // Emoticons, entities, and lookahead at the end of a text span before a link.
        "(x) (i) (/) (on) (flag) (flagoff) (not an emoticon) () (ab cd) ( x) (x\t) (abcdefghi) (abcdefghij) (((x)))",
        ":) :P ;) x;) &#58;) &amp; &#123; & && &# &a &1 a:1 a: b a:\tb a:",
        "before&https://x.example before:https://y.example before(https://z.example)",
        // Line-start markup after spaces, tabs and non-ASCII whitespace.
        "* a\n  * b\n\t# c\n- d\n-- e\n---- f\n|| g ||\nbq. h\nBQ. i\nbq.j\nh7. k\nh0. l\nH6. m\nh1 n\nh1.",
        "{noformat}{NoFormat}{NOFORMAT:title=x}{noformat {noforma {code}x{code} {{mono}}",
        #"C:\temp\{x} \\ \\\\ \* \{ trailing\"#,
        // Long lines.
        String(repeating: "word *bold* [x|y] ", count: 300),
        String(repeating: "火事🔥e\u{301}", count: 400),
        String(repeating: "a", count: 5_000),
    ]

    /// Deterministic pseudo-random strings made of fragments that matter to the rules, so neighbours interact.
    static func generated(count: Int, seed: UInt64) -> [String] {
        let fragments: [String] = [
            "a", "x", "h", "H", "b", "q", "Q", "1", "6", "7", ".", ",", ";", ":", "!", "?", "'", "\"", "*", "_", "-",
            "+", "^", "~", "{", "}", "[", "]", "|", "\\", "&", "#", "(", ")", "/", "`", "<", ">", " ", "  ", "\t", "\n",
            "\n\n", "\r\n", "\r", "\u{0}", "\u{1B}", "http://", "https://", "HTTPS://", "http://a.example",
            "https://b.example/p?q=1&r=(2)", "mailto:", "noformat", "{noformat}", "h1.", "bq.", "(x)", ":)", ";)",
            "&#38;", "é", "e\u{301}", "\u{301}", "\u{93E}", "\u{200D}", "\u{FE0F}", "\u{600}", "\u{A0}", "\u{3000}",
            "\u{2028}", "\u{85}", "\u{FFFD}", "\u{37E}", "\u{1FEF}", "\u{212A}", "。", "」", "火", "一", "²", "٣", "🔥",
            "👍🏽", "👨‍👩‍👧‍👦", "🇯", "🇵", "5️⃣",
        ]
        var state = seed
        func next() -> Int {
            // 64-bit LCG (Knuth's MMIX constants); the high bits are the well-mixed ones.
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { _ in
            let length = next() % 40
            return (0..<length).map { _ in fragments[next() % fragments.count] }.joined()
        }
    }
}
