/// A Jira Data Center version such as `10.3.0`, compared numerically because endpoints appear and vanish at
/// specific releases (paginated create metadata since 8.4, the old one gone in 9.0).
public struct FakeVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Major, minor and patch; missing parts read as 0.
    public let numbers: [Int]

    public init(_ numbers: [Int]) {
        self.numbers = numbers
    }

    /// Parses `10.3.0`, `9.12` or `8`; `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), let number = Int(part), number >= 0 else { return nil }
            numbers.append(number)
        }
        self.numbers = numbers
    }

    public var description: String { numbers.map(String.init).joined(separator: ".") }

    /// Always three numbers, as `serverInfo.versionNumbers` reports them.
    public var versionNumbers: [Int] {
        Array((numbers + [0, 0, 0]).prefix(3))
    }

    public static func < (lhs: FakeVersion, rhs: FakeVersion) -> Bool {
        let count = max(lhs.numbers.count, rhs.numbers.count)
        for index in 0..<count {
            let left = index < lhs.numbers.count ? lhs.numbers[index] : 0
            let right = index < rhs.numbers.count ? rhs.numbers[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public static func == (lhs: FakeVersion, rhs: FakeVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    public func hash(into hasher: inout Hasher) {
        var trimmed = numbers
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }
}
