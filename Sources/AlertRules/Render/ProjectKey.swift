/// Jira's rule for project keys, checked before a key reaches a URL: a key rendered from alert text could
/// otherwise be `..` or `a/b` and change which resource a request names.
public enum ProjectKey {
    /// What is wrong with `key`, or `nil` when it has the shape of Jira's keys: an uppercase letter, then uppercase
    /// letters, digits or underscores (Jira's default pattern), at most 255 characters. One letter is let through:
    /// Jira makes no such project, and its own 404 says so.
    public static func problem(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        let valid =
            !bytes.isEmpty && bytes.count <= 255 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0])
            && bytes.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_")
            }
        if valid { return nil }
        return "project key \"\(key)\" is not a Jira project key: keys are an uppercase letter followed by uppercase letters, "
            + "digits or underscores (OPS, FINOPS_2)"
    }
}
