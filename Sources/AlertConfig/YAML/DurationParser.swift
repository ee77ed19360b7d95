/// Parses Prometheus-style durations (`90s`, `10m`, `1h30m`, `2d`, `500ms`).
public enum DurationParser {
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return (0...3_200_000_000).contains(seconds) ? .seconds(seconds) : nil }
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            // Caps the numbers so the arithmetic cannot overflow; nobody means more than a century.
            guard let value = Int(number), value <= 3_200_000_000 else { return nil }
            number = ""
            let unit: Duration
            if rest.hasPrefix("ms") {
                unit = .milliseconds(1)
                rest = rest.dropFirst(2)
            } else {
                switch character {
                case "s": unit = .seconds(1)
                case "m": unit = .seconds(60)
                case "h": unit = .seconds(3600)
                case "d": unit = .seconds(86400)
                case "w": unit = .seconds(604800)
                default: return nil
                }
                rest = rest.dropFirst()
            }
            total += unit * value
            guard total <= .seconds(3_200_000_000) else { return nil }
        }
        return number.isEmpty ? total : nil
    }
}
