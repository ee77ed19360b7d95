import CCrypto

/// SHA-256 and HMAC-SHA256 from the system's OpenSSL, which is all webhook authentication needs; a
/// whole cryptography package (and its minutes of build) would bring nothing more.
enum Digest {
    /// The SHA-256 digest of `data`.
    static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let succeeded = data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { ccrypto_sha256(input.baseAddress, input.count, $0.baseAddress) }
        }
        // Fails only when libcrypto cannot allocate; nothing sensible can go on then.
        precondition(succeeded == 1, "libcrypto could not compute SHA-256")
        return digest
    }

    /// The HMAC-SHA256 of `data` under `key`.
    static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        let succeeded = key.withUnsafeBufferPointer { key in
            data.withUnsafeBufferPointer { input in
                mac.withUnsafeMutableBufferPointer {
                    ccrypto_hmac_sha256(key.baseAddress, key.count, input.baseAddress, input.count, $0.baseAddress)
                }
            }
        }
        precondition(succeeded == 1, "libcrypto could not compute HMAC-SHA256")
        return mac
    }

    /// Whether `mac` is the HMAC-SHA256 of `data` under `key`, compared in constant time.
    static func isValidHMAC(_ mac: [UInt8], of data: [UInt8], key: [UInt8]) -> Bool {
        let expected = hmacSHA256(key: key, data)
        return mac.count == expected.count && constantTimeEqual(mac, expected)
    }

    /// Whether two equally long byte arrays are equal, in time independent of where they differ.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        precondition(left.count == right.count)
        return left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in ccrypto_equal(left.baseAddress, right.baseAddress, left.count) == 1 }
        }
    }
}
