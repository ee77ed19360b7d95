import Foundation

/// Jira's date and time formats, written and read in UTC without `DateFormatter` (not thread-safe to share,
/// locale-dependent, and slow to create per request).
public enum JiraTime {
    /// `2026-11-23T13:05:09.123+0000`, the format of `created`, `updated` and `resolutiondate`.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let millis = Int(milliseconds - seconds * 1000)
        let days = Int64((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):"
            + "\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))+0000"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    /// Days since 1970-01-01 of a calendar date, or `nil` when the date does not exist (2026-02-30).
    public static func days(year: Int, month: Int, day: Int) -> Int64? {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthPrime = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthPrime + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Reads `YYYY-MM-DD` (a `date` field value); `nil` when malformed or not a real date.
    public static func parseDate(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let days = days(year: year, month: month, day: day)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
    }

    /// Reads a `datetime` field value: `2026-11-23T13:00:00.000+0000` (milliseconds and offset optional).
    public static func parseDateTime(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 19, scalars[10] == UInt8(ascii: "T"),
            let day = parseDate(String(decoding: scalars[0..<10], as: UTF8.self)),
            let hour = Int(String(decoding: scalars[11..<13], as: UTF8.self)), scalars[13] == UInt8(ascii: ":"),
            let minute = Int(String(decoding: scalars[14..<16], as: UTF8.self)), scalars[16] == UInt8(ascii: ":"),
            let second = Int(String(decoding: scalars[17..<19], as: UTF8.self)), hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = scalars[19...]
        var fraction = 0.0
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard !digits.isEmpty else { return nil }
            fraction = Double("0." + String(decoding: digits, as: UTF8.self)) ?? 0
            rest = rest.dropFirst(1 + digits.count)
        }
        var offset = 0
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let digits = String(decoding: rest.dropFirst().filter { $0 != UInt8(ascii: ":") }, as: UTF8.self)
            guard digits.count == 4, let value = Int(digits) else { return nil }
            offset = (value / 100 * 3600 + value % 100 * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        } else if rest.first == UInt8(ascii: "Z") {
            rest = rest.dropFirst()
        } else if !rest.isEmpty {
            return nil
        }
        let seconds = day.timeIntervalSince1970 + Double(hour * 3600 + minute * 60 + second) + fraction - Double(offset)
        return Date(timeIntervalSince1970: seconds)
    }

    /// Reads an absolute JQL date: `yyyy-MM-dd HH:mm`, `yyyy/MM/dd HH:mm`, `yyyy-MM-dd` or `yyyy/MM/dd`.
    public static func parseJQLDate(_ text: String) -> Date? {
        let normalized = text.replacingOccurrences(of: "/", with: "-")
        let parts = normalized.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2, let day = parseDate(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return day }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2, time[0].count <= 2, time[1].count == 2, let hour = Int(time[0]), let minute = Int(time[1]),
            hour < 24, minute < 60
        else { return nil }
        return day.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// Reads a JQL period: `-24h`, `-7d`, `-30m`, `-1w`, `"4w 2d"`, `"+1d"`; the offset in seconds.
    public static func parsePeriod(_ text: String) -> TimeInterval? {
        var total: TimeInterval = 0
        var sign: TimeInterval = 1
        var scalars = Substring(text.trimmingCharacters(in: .whitespaces))
        if scalars.first == "-" {
            sign = -1
            scalars = scalars.dropFirst()
        } else if scalars.first == "+" {
            scalars = scalars.dropFirst()
        }
        var sawPart = false
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " }
            if scalars.isEmpty { break }
            let digits = scalars.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Double(digits) else { return nil }
            scalars = scalars.dropFirst(digits.count)
            guard let unit = scalars.first else { return nil }
            let seconds: TimeInterval
            switch unit {
            case "w": seconds = 7 * 86_400
            case "d": seconds = 86_400
            case "h": seconds = 3600
            case "m": seconds = 60
            default: return nil
            }
            total += amount * seconds
            scalars = scalars.dropFirst()
            sawPart = true
        }
        return sawPart ? sign * total : nil
    }
}
