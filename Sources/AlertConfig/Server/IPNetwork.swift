import Glibc

/// One entry of a source's `allow_ips`: an address (`192.0.2.7`, `::1`) or a network in CIDR
/// notation (`10.0.0.0/8`, `fd00::/8`).
///
/// IPv4 peers that reach an IPv6 socket arrive as `::ffff:a.b.c.d`; both sides are compared in IPv4
/// form then, so `10.0.0.0/8` means the same on either kind of socket.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let address: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.parseAddress(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given) else { return nil }
            length = given
        }
        (address, prefixLength) = Self.normalized(bytes, prefixLength: length)
    }

    /// Whether `peer` (an address as text, as the server sees it) is in this network.
    public func contains(_ peer: String) -> Bool {
        guard let parsed = Self.parseAddress(peer) else { return false }
        let (bytes, _) = Self.normalized(parsed, prefixLength: parsed.count * 8)
        guard bytes.count == address.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if bytes[index] & mask != address[index] & mask { return false }
            remaining -= take
        }
        return true
    }

    public var description: String {
        let text: String
        if address.count == 4 {
            text = address.map(String.init).joined(separator: ".")
        } else {
            text = stride(from: 0, to: 16, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        return prefixLength == address.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    package static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// IPv4-mapped IPv6 (`::ffff:10.1.2.3`) becomes plain IPv4.
    private static func normalized(_ bytes: [UInt8], prefixLength: Int) -> ([UInt8], Int) {
        let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        if bytes.count == 16, Array(bytes[0..<12]) == mappedPrefix, prefixLength >= 96 {
            return (Array(bytes[12...]), prefixLength - 96)
        }
        return (bytes, prefixLength)
    }
}
