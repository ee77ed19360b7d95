import AlertModel
import Glibc
import Synchronization

/// The `Date` header of the answers ``AlertIngestHandler`` writes itself (HTTP requires one from a
/// server with a clock, and Hummingbird adds it to the router's), made once a second at most.
///
/// Formatted by hand in IMF-fixdate: Foundation's date formatters load ICU, and this runs per request.
final class HTTPDate: Sendable {
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    /// Now, as `Wed, 02 Dec 2026 15:00:00 GMT`.
    var now: String {
        let second = time(nil)
        return cached.withLock { cached in
            if cached.second != second {
                cached = (second, Self.format(epochSeconds: second))
            }
            return cached.text
        }
    }

    /// `epochSeconds` (since 1970, not before) as IMF-fixdate.
    static func format(epochSeconds: Int) -> String {
        let days = epochSeconds / 86_400
        let secondOfDay = epochSeconds % 86_400
        let (year, month, day) = Timestamps.civilDate(daysSinceEpoch: Int64(days))
        // 1970-01-01 was a Thursday.
        let weekday = (days + 4) % 7
        func twoDigits(_ value: some BinaryInteger) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[weekday]), \(twoDigits(day)) \(months[Int(month) - 1]) \(year) "
            + "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60)) GMT"
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
