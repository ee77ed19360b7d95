import Contracts
import Foundation

extension ConfigLoader {
    package static let serverKeys = [
        "listen", "data_dir", "spool_url", "spool_password_file", "lease", "body_limit", "body_memory", "max_documents", "spool_limit",
        "max_connections", "header_timeout",
        "body_timeout", "idle_timeout", "worker_concurrency",
        "retry_initial",
        "retry_max", "give_up_after", "retention", "allow_generic", "sns_topics", "confirm_sns_subscriptions", "log_format", "log_level",
        "health_check_interval", "shutdown_timeout", "auth_failure_grace",
    ]

    /// The `server:` section; anything unusable is reported and left at its default.
    package func server(_ value: YAMLValue, baseDirectory: String, _ diagnostics: inout Diagnostics) -> ServerConfig {
        var server = ServerConfig()
        guard var mapping = value.mapping(&diagnostics, what: "server") else { return server }

        if let listen = mapping.take("listen"), let text = listen.string(&diagnostics, what: "server.listen") {
            switch ListenAddress.parse(text) {
            case .success(let address): server.listen = address
            case .failure(let error): diagnostics.error(listen.textLocation, "server.listen: \(error)")
            }
        }
        if let directory = mapping.take("data_dir"), let path = directory.string(&diagnostics, what: "server.data_dir") {
            if path.isEmpty {
                diagnostics.error(directory.location, "server.data_dir is empty; name the directory that holds the spool")
            } else {
                server.dataDirectory = path.hasPrefix("/") || baseDirectory == "." ? path : baseDirectory + "/" + path
            }
        }
        spool(&mapping, into: &server, baseDirectory: baseDirectory, &diagnostics)
        if let limit = mapping.take("body_limit"), let text = limit.string(&diagnostics, what: "server.body_limit") {
            if let bytes = ByteSizeParser.parse(text), (1024...(64 << 20)).contains(bytes) {
                server.bodyLimit = bytes
            } else {
                diagnostics.error(
                    limit.textLocation,
                    "server.body_limit must be a size between 1KiB and 64MiB like 1MiB or 512KiB, found \"\(text)\""
                )
            }
        }
        if let memory = mapping.take("body_memory"), let text = memory.string(&diagnostics, what: "server.body_memory") {
            if let bytes = ByteSizeParser.parse(text), ((1 << 20)...(16 << 30)).contains(bytes) {
                server.bodyMemory = bytes
            } else {
                diagnostics.error(memory.textLocation, "server.body_memory must be a size between 1MiB and 16GiB like 64MiB, found \"\(text)\"")
            }
        }
        if let limit = mapping.take("spool_limit"), let text = limit.string(&diagnostics, what: "server.spool_limit") {
            if let bytes = ByteSizeParser.parse(text), ((64 << 10)...(1 << 40)).contains(bytes) {
                server.spoolLimit = bytes
            } else {
                diagnostics.error(
                    limit.textLocation,
                    "server.spool_limit must be a size between 64KiB and 1TiB like 1GiB or 500MiB, found \"\(text)\""
                )
            }
        }
        if let documents = mapping.take("max_documents") {
            server.maxDocuments = documents.int(&diagnostics, what: "server.max_documents", range: 1...1_000_000) ?? server.maxDocuments
        }
        if let connections = mapping.take("max_connections") {
            server.maxConnections = connections.int(&diagnostics, what: "server.max_connections", range: 1...1_000_000) ?? server.maxConnections
        }
        var retryLocation: SourceLocation?
        func positiveDuration(_ key: String, _ apply: (Duration) -> Void) {
            guard let value = mapping.take(key), let duration = value.duration(&diagnostics, what: "server.\(key)") else { return }
            if key.hasPrefix("retry_") { retryLocation = value.location }
            guard duration > .zero else {
                diagnostics.error(value.location, "server.\(key) must be longer than 0")
                return
            }
            apply(duration)
        }
        positiveDuration("header_timeout") { server.headerTimeout = $0 }
        positiveDuration("body_timeout") { server.bodyTimeout = $0 }
        positiveDuration("idle_timeout") { server.idleTimeout = $0 }
        positiveDuration("retry_initial") { server.retryInitial = $0 }
        positiveDuration("retry_max") { server.retryMaximum = $0 }
        positiveDuration("retention") { server.retention = $0 }
        positiveDuration("health_check_interval") { server.healthCheckInterval = $0 }
        positiveDuration("shutdown_timeout") { server.shutdownTimeout = $0 }
        positiveDuration("auth_failure_grace") { server.authFailureGrace = $0 }
        if let lease = mapping.take("lease"), let duration = lease.duration(&diagnostics, what: "server.lease") {
            if duration < .seconds(5) {
                diagnostics.error(lease.location, "server.lease must be at least 5s: a shorter lease lapses while a slow Jira answers")
            } else {
                server.lease = duration
            }
        }
        if let giveUp = mapping.take("give_up_after"), let text = giveUp.string(&diagnostics, what: "server.give_up_after") {
            if text == "never" {
                server.giveUpAfter = nil
            } else if let duration = DurationParser.parse(text) {
                server.giveUpAfter = duration == .zero ? nil : duration
            } else {
                diagnostics.error(giveUp.location, "server.give_up_after must be a duration like 72h or 7d, or never, found \"\(text)\"")
            }
        }
        if server.bodyMemory < server.bodyLimit {
            diagnostics.error(value.location, "server.body_memory is smaller than server.body_limit; no request of the largest size could be read")
        }
        if server.retryInitial > server.retryMaximum {
            diagnostics.error(
                retryLocation ?? value.location,
                "server.retry_initial is longer than server.retry_max; the first wait cannot exceed the longest"
            )
        }
        if let concurrency = mapping.take("worker_concurrency") {
            server.workerConcurrency = concurrency.int(&diagnostics, what: "server.worker_concurrency", range: 1...64) ?? server.workerConcurrency
        }
        if let allow = mapping.take("allow_generic") {
            server.allowGeneric = allow.bool(&diagnostics, what: "server.allow_generic") ?? server.allowGeneric
        }
        if let topics = mapping.take("sns_topics") {
            server.snsTopics = snsTopics(topics, what: "server.sns_topics", &diagnostics)
        }
        if let confirm = mapping.take("confirm_sns_subscriptions") {
            server.confirmSNSSubscriptions = confirm.bool(&diagnostics, what: "server.confirm_sns_subscriptions") ?? server.confirmSNSSubscriptions
        }
        if let format = mapping.take("log_format") {
            server.logFormat = enumeration(format, what: "server.log_format", &diagnostics) ?? server.logFormat
        }
        if let level = mapping.take("log_level") {
            server.logLevel = enumeration(level, what: "server.log_level", &diagnostics) ?? server.logLevel
        }
        mapping.reportUnknownKeys(&diagnostics, known: Self.serverKeys)
        return server
    }

    /// `spool_url` and its password: from the URL, else `spool_password_file`, else `PGPASSWORD`, as libpq reads it.
    private func spool(_ mapping: inout YAMLMapping, into server: inout ServerConfig, baseDirectory: String, _ diagnostics: inout Diagnostics) {
        let passwordFile = mapping.take("spool_password_file")
        guard let value = mapping.take("spool_url") else {
            if let passwordFile {
                diagnostics.error(
                    passwordFile.location,
                    "server.spool_password_file is set but server.spool_url is not; it is the password of that database"
                )
            }
            return
        }
        guard let text = value.string(&diagnostics, what: "server.spool_url", secret: true) else { return }
        switch PostgresURL.parse(text) {
        case .failure(let error):
            diagnostics.error(value.textLocation, error.description)
        case .success(var url):
            if url.password == nil, let passwordFile {
                url.password = secret(fromFile: passwordFile, what: "server.spool_password_file", baseDirectory: baseDirectory, &diagnostics)
            } else if url.password == nil, let password = environment["PGPASSWORD"], !password.isEmpty {
                url.password = Secret(password)
            }
            if let certificate = url.sslRootCert, !certificate.hasPrefix("/"), baseDirectory != "." {
                url.sslRootCert = baseDirectory + "/" + certificate
            }
            server.spoolURL = url
        }
    }

    /// A list of topic ARNs or ARN patterns (`arn:aws:sns:*:123456789012:alerts-*`).
    package func snsTopics(_ value: YAMLValue, what: String, _ diagnostics: inout Diagnostics) -> [String] {
        guard let list = value.sequenceOrScalar(&diagnostics, what: what) else { return [] }
        var topics: [String] = []
        for entry in list {
            guard let text = entry.string(&diagnostics, what: "an entry of \(what)") else { continue }
            guard text.hasPrefix("arn:") || text == "*" else {
                diagnostics.error(
                    entry.textLocation,
                    "\(what) entries are topic ARNs like arn:aws:sns:eu-west-1:123456789012:alerts, found \"\(text)\""
                )
                continue
            }
            topics.append(text)
        }
        return topics
    }
}
