import Testing

@testable import WebhookIngest

/// The libcrypto shims against published test vectors, so a wrong binding cannot pass as a working one.
@Suite struct DigestTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// FIPS 180-2 examples.
    @Test func sha256() {
        #expect(Self.hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// RFC 4231 test cases 1 and 2, and an empty key.
    @Test func hmacSHA256() {
        let case1 = Digest.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8))
        #expect(Self.hex(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = Digest.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        #expect(Self.hex(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Self.hex(Digest.hmacSHA256(key: [], [])) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func validationNeedsTheWholeMac() {
        let mac = Digest.hmacSHA256(key: Array("k".utf8), Array("body".utf8))
        #expect(Digest.isValidHMAC(mac, of: Array("body".utf8), key: Array("k".utf8)))
        #expect(!Digest.isValidHMAC(Array(mac.dropLast()), of: Array("body".utf8), key: Array("k".utf8)))
        #expect(!Digest.isValidHMAC(mac, of: Array("body!".utf8), key: Array("k".utf8)))
        #expect(!Digest.isValidHMAC(mac, of: Array("body".utf8), key: Array("K".utf8)))
    }
}
