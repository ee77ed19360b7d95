import JSON

/// Timestamps as the normalized alert carries them: RFC 3339 text, kept as the sender wrote it.
///
/// Senders disagree: AWS writes `2019-02-15T23:53:45.093+0000` (no colon in the offset), Google and
/// Datadog send epoch seconds or milliseconds, and some documented samples carry placeholders. Rules and
/// templates compare `startsAt` as RFC 3339, so decoders pass every timestamp through here and get
/// either valid RFC 3339 or `nil` (the original stays reachable through `raw.*`).
public enum Timestamps {
    /// The sender's timestamp if it is RFC 3339, or RFC 3339 but for a `+hhmm` offset, which is fixed to
    /// `+hh:mm`; anything else (placeholders, Go's zero time, prose) is `nil`.
    static func rfc3339(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace
        guard !trimmed.hasPrefix("0001-01-01") else { return nil }
        var bytes = Array(trimmed.utf8)
        // AWS's basic-format offset: insert the colon RFC 3339 requires.
        if bytes.count >= 5 {
            let tail = bytes.suffix(5)
            let sign = tail.first!
            if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), tail.dropFirst().allSatisfy(isDigit), isDateTime(bytes.dropLast(5)) {
                bytes.insert(UInt8(ascii: ":"), at: bytes.count - 2)
            }
        }
        return isRFC3339(bytes[...]) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// An epoch timestamp (a number or a numeric string, seconds or milliseconds) as RFC 3339 UTC.
    /// Zero and negative values are `nil`: senders use `0` for "not set". So are instants after the year
    /// 9999, which RFC 3339 cannot write (and which would overflow the conversion to whole milliseconds).
    static func fromEpoch(_ value: JSONValue?) -> String? {
        guard let value, let number = value.numericValue, number > 0 else { return nil }
        // Milliseconds since 1970 passed 1e11 in 1973; seconds won't reach it for another 3000 years.
        let milliseconds = number > 1e11 ? number : number * 1000
        guard milliseconds < latestEpochMilliseconds else { return nil }
        return fromEpoch(milliseconds: Int64(milliseconds.rounded()))
    }

    /// 10000-01-01T00:00:00Z.
    static let latestEpochMilliseconds = 253_402_300_800_000.0

    static func fromEpoch(milliseconds: Int64) -> String {
        let seconds = milliseconds.floorDivided(by: 1000)
        let fraction = milliseconds - seconds * 1000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fraction != 0 { text += ".\(pad(fraction, 3))" }
        return text + "Z"
    }

    /// Year, month and day of a day count since 1970-01-01: Howard Hinnant's days-to-civil
    /// algorithm, exact for the proleptic Gregorian calendar.
    public static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    // MARK: - Private

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `YYYY-MM-DDTHH:MM:SS` optionally followed by a fraction.
    private static func isDateTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(bytes)
        guard bytes.count >= 19 else { return false }
        let shape = Array("dddd-dd-ddTdd:dd:dd".utf8)
        for (index, expected) in shape.enumerated() {
            let byte = bytes[index]
            switch expected {
            case UInt8(ascii: "d"): guard isDigit(byte) else { return false }
            case UInt8(ascii: "T"): guard byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t") else { return false }
            default: guard byte == expected else { return false }
            }
        }
        guard bytes.count > 19 else { return true }
        guard bytes[19] == UInt8(ascii: "."), bytes.count > 20 else { return false }
        return bytes[20...].allSatisfy(isDigit)
    }

    private static func isRFC3339(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let last = bytes.last else { return false }
        if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            return isDateTime(bytes.dropLast())
        }
        guard bytes.count >= 6 else { return false }
        let offset = Array(bytes.suffix(6))
        guard offset[0] == UInt8(ascii: "+") || offset[0] == UInt8(ascii: "-"), isDigit(offset[1]), isDigit(offset[2]),
            offset[3] == UInt8(ascii: ":"), isDigit(offset[4]), isDigit(offset[5])
        else { return false }
        return isDateTime(bytes.dropLast(6))
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines (no Foundation needed).
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
