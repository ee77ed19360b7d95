import AlertModel
import Contracts
import Foundation
import Yams

extension ConfigLoader {
    package static let sourceKeys = [
        "bearer_token", "bearer_token_file", "basic_auth", "hmac", "pagerduty_signature", "allow_ips", "format", "allow_generic", "sns_topics",
    ]
    package static let basicAuthKeys = ["username", "password", "password_file"]
    package static let hmacKeys = ["header", "prefix", "encoding", "secret", "secret_file"]
    package static let pagerDutyKeys = ["secret", "secret_file"]

    /// The `sources:` section, in file order (the order `POST /alerts` tries them in).
    package func sources(_ value: YAMLValue, baseDirectory: String, _ diagnostics: inout Diagnostics) -> [SourceConfig] {
        guard let mapping = value.mapping(&diagnostics, what: "sources") else { return [] }
        var result: [SourceConfig] = []
        for entry in mapping.entries {
            if let source = source(named: entry.key, at: entry.keyLocation, entry.value, baseDirectory: baseDirectory, &diagnostics) {
                result.append(source)
            }
        }
        return result
    }

    private func source(
        named name: String,
        at location: SourceLocation,
        _ value: YAMLValue,
        baseDirectory: String,
        _ diagnostics: inout Diagnostics
    ) -> SourceConfig? {
        let what = "source \"\(name)\""
        let before = diagnostics.problems.count
        let validName =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
            }
        if !validName {
            diagnostics.error(location, "\(what): a source name is used in the path /alerts/src/NAME, so it may hold only letters, digits, - _ and .")
        }
        var source = SourceConfig(name: name, location: location)
        // `source: {}` or `source:` alone is an open source, which is allowed (and refused on a
        // non-loopback address unless --allow-unauthenticated).
        if value.isNull {
            return validName ? source : nil
        }
        guard var mapping = value.mapping(&diagnostics, what: what) else { return nil }

        source.bearerTokens = secretList(&mapping, "bearer_token", what: what, baseDirectory: baseDirectory, &diagnostics)
        if let basic = mapping.take("basic_auth") {
            let entries: [YAMLValue]
            if case .sequence = basic.node {
                entries = basic.sequence(&diagnostics, what: "basic_auth of \(what)") ?? []
            } else {
                entries = [basic]
            }
            for entry in entries {
                if let credential = basicCredential(entry, what: "basic_auth of \(what)", baseDirectory: baseDirectory, &diagnostics) {
                    source.basicAuth.append(credential)
                }
            }
            let names = source.basicAuth.map(\.username)
            if Set(names).count != names.count {
                diagnostics.error(basic.location, "basic_auth of \(what) lists a username twice")
            }
        }
        if let hmac = mapping.take("hmac") {
            source.hmac = hmacSignature(hmac, what: "hmac of \(what)", baseDirectory: baseDirectory, &diagnostics)
        }
        if let pagerDuty = mapping.take("pagerduty_signature"), var settings = pagerDuty.mapping(&diagnostics, what: "pagerduty_signature of \(what)")
        {
            let secrets = secretList(&settings, "secret", what: "pagerduty_signature of \(what)", baseDirectory: baseDirectory, &diagnostics)
            if secrets.isEmpty, !settings.has("secret"), !settings.has("secret_file") {
                diagnostics.error(
                    pagerDuty.location,
                    "pagerduty_signature of \(what) needs secret or secret_file (the webhook subscription's signing secret)"
                )
            }
            settings.reportUnknownKeys(&diagnostics, known: Self.pagerDutyKeys)
            source.pagerDutySecrets = secrets
        }
        if let allow = mapping.take("allow_ips"), let list = allow.sequenceOrScalar(&diagnostics, what: "allow_ips of \(what)") {
            for entry in list {
                guard let text = entry.string(&diagnostics, what: "an entry of allow_ips") else { continue }
                guard let network = IPNetwork(text) else {
                    diagnostics.error(
                        entry.textLocation,
                        "allow_ips of \(what): \"\(text)\" is not an IP address or network; write 10.0.0.0/8, 192.0.2.7, ::1 or fd00::/8"
                    )
                    continue
                }
                source.allowIPs.append(network)
            }
        }
        if let format = mapping.take("format"), let id = format.string(&diagnostics, what: "format of \(what)") {
            if AlertFormats.ids.contains(id) {
                source.format = id
            } else {
                var message = "format of \(what): unknown format \"\(id)\""
                if let suggestion = Suggestion.closest(to: id, in: AlertFormats.ids) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else {
                    message += "; known formats: \(AlertFormats.ids.joined(separator: ", "))"
                }
                diagnostics.error(format.textLocation, message)
            }
        }
        if let allow = mapping.take("allow_generic") {
            source.allowGeneric = allow.bool(&diagnostics, what: "allow_generic of \(what)")
        }
        if let topics = mapping.take("sns_topics") {
            source.snsTopics = snsTopics(topics, what: "sns_topics of \(what)", &diagnostics)
        }
        mapping.reportUnknownKeys(&diagnostics, known: Self.sourceKeys)
        return diagnostics.problems.count == before ? source : nil
    }

    private func basicCredential(
        _ value: YAMLValue,
        what: String,
        baseDirectory: String,
        _ diagnostics: inout Diagnostics
    ) -> SourceConfig.BasicCredential? {
        guard var mapping = value.mapping(&diagnostics, what: what) else { return nil }
        defer { mapping.reportUnknownKeys(&diagnostics, known: Self.basicAuthKeys) }
        let username = mapping.take("username").flatMap { $0.string(&diagnostics, what: "username of \(what)") }
        let passwords = secretList(&mapping, "password", what: what, baseDirectory: baseDirectory, single: true, &diagnostics)
        guard let username else {
            diagnostics.error(value.location, "\(what) needs a username")
            return nil
        }
        if username.isEmpty || username.contains(":") {
            diagnostics.error(value.location, "the username of \(what) must not be empty or contain \":\" (basic auth cannot carry it)")
            return nil
        }
        guard let password = passwords.first else {
            if !mapping.has("password"), !mapping.has("password_file") {
                diagnostics.error(value.location, "\(what) needs password or password_file")
            }
            return nil
        }
        return SourceConfig.BasicCredential(username: username, password: password)
    }

    private func hmacSignature(
        _ value: YAMLValue,
        what: String,
        baseDirectory: String,
        _ diagnostics: inout Diagnostics
    ) -> SourceConfig.HMACSignature? {
        guard var mapping = value.mapping(&diagnostics, what: what) else { return nil }
        var signature = SourceConfig.HMACSignature(secrets: [])
        if let header = mapping.take("header"), let text = header.string(&diagnostics, what: "header of \(what)") {
            let valid = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0 != ":" }
            if valid {
                signature.header = text
            } else {
                diagnostics.error(header.textLocation, "header of \(what) must be an HTTP header name like X-Hub-Signature-256, found \"\(text)\"")
            }
        }
        if let prefix = mapping.take("prefix") {
            // An empty prefix is meaningful (a bare digest), so `prefix: ""` is allowed.
            if case .scalar(let scalar) = prefix.node, scalar.string.isEmpty {
                signature.prefix = ""
            } else if let text = prefix.string(&diagnostics, what: "prefix of \(what)") {
                signature.prefix = text
            }
        }
        if let encoding = mapping.take("encoding") {
            signature.encoding = enumeration(encoding, what: "encoding of \(what)", &diagnostics) ?? .hex
        }
        let given = mapping.has("secret") || mapping.has("secret_file")
        signature.secrets = secretList(&mapping, "secret", what: what, baseDirectory: baseDirectory, &diagnostics)
        if !given {
            diagnostics.error(value.location, "\(what) needs secret or secret_file (the key the sender signs bodies with)")
        }
        mapping.reportUnknownKeys(&diagnostics, known: Self.hmacKeys)
        return signature.secrets.isEmpty ? nil : signature
    }

    /// Secrets given inline as `key` (one, or a list) or in `key_file` (one per line, or one when
    /// `single`), never both. Empty secrets are refused: an empty token would let anyone in.
    package func secretList(
        _ mapping: inout YAMLMapping,
        _ key: String,
        what: String,
        baseDirectory: String,
        single: Bool = false,
        _ diagnostics: inout Diagnostics
    ) -> [Secret] {
        let inline = mapping.take(key)
        let file = mapping.take(key + "_file")
        if inline != nil, let file {
            diagnostics.error(file.location, "give either \(key) or \(key)_file in \(what), not both")
            return []
        }
        var secrets: [Secret] = []
        if let inline {
            let values: [YAMLValue]
            var isList = false
            if case .sequence = inline.node, !single {
                values = inline.sequence(&diagnostics, what: "\(key) of \(what)") ?? []
                isList = true
            } else {
                values = [inline]
            }
            for value in values {
                guard let text = value.string(&diagnostics, what: "\(key) of \(what)", secret: true) else { continue }
                // In a list, an empty entry is a rotation slot whose variable is unset (`"${TOKEN_OLD:-}"`): skipped.
                if text.isEmpty, isList { continue }
                if text.isEmpty {
                    diagnostics.error(value.textLocation, "\(key) of \(what) is empty; an empty secret would let anyone in")
                    continue
                }
                secrets.append(Secret(text))
            }
            if isList, secrets.isEmpty, !values.isEmpty {
                diagnostics.error(inline.location, "every \(key) of \(what) is empty; an empty secret would let anyone in (are their variables set?)")
            }
        }
        if let file, let path = file.string(&diagnostics, what: "\(key)_file of \(what)") {
            let resolved = path.hasPrefix("/") ? path : baseDirectory + "/" + path
            if let contents = readFile(resolved, what: "\(key)_file", &diagnostics, at: file.textLocation, secret: true) {
                // Secret files usually end with a newline that is no part of the secret.
                let lines =
                    single
                    ? [contents.trimmingCharacters(in: .whitespacesAndNewlines)]
                    : contents.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                secrets += lines.filter { !$0.isEmpty }.map(Secret.init)
                if secrets.isEmpty {
                    diagnostics.error(file.textLocation, "\(key)_file \(resolved) is empty")
                }
            }
        }
        return secrets
    }
}
