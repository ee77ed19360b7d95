import CCurl
import Foundation

/// ``HTTPTransport`` over libcurl easy handles, each driven by its own thread.
///
/// libcurl rather than URLSession or AsyncHTTPClient: it trusts a custom CA bundle on Linux, reads
/// `HTTPS_PROXY`/`NO_PROXY` from the environment, and keeps connections alive between requests.
/// `curl_easy_perform` blocks, so it runs on dedicated threads, never on Swift's cooperative pool.
/// Each thread keeps one easy handle for its whole life, which is what makes connection reuse work.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    /// Settings that apply to every request of one Jira connection.
    public struct Options: Sendable {
        public var caFile: String?
        public var insecureSkipVerify: Bool
        public var connectTimeout: Duration
        public var requestTimeout: Duration
        /// Parallel requests, and so threads and kept-alive connections.
        public var maximumConnections: Int
        public var maximumResponseSize: Int
        public var userAgent: String

        public init(
            caFile: String? = nil,
            insecureSkipVerify: Bool = false,
            connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(30),
            maximumConnections: Int = 4,
            maximumResponseSize: Int = 64 << 20,
            userAgent: String = "alert2jira/0.1"
        ) {
            self.caFile = caFile
            self.insecureSkipVerify = insecureSkipVerify
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maximumConnections = maximumConnections
            self.maximumResponseSize = maximumResponseSize
            self.userAgent = userAgent
        }
    }

    private struct Job {
        let request: HTTPRequest
        let continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
    }

    /// Why libcurl could not be loaded, or `nil` once it is loaded and initialised. It is loaded when
    /// the first request is sent, not at start: runs that never reach Jira (a `--dry-run`) skip the
    /// cost of loading it and the libraries it needs.
    static var libraryError: TransportError? {
        ccurl_load().map { reason in
            .libraryMissing(
                "cannot load libcurl (\(String(cString: reason))): install the libcurl4 package "
                    + "(Debian and Ubuntu: apt-get install libcurl4)"
            )
        }
    }

    public let options: Options
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopping = false
    private var threadsStarted = 0
    private var idleThreads = 0

    public init(options: Options = Options()) {
        self.options = options
    }

    deinit {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the worker threads once the queued requests are done.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>) in
            enqueue(Job(request: request, continuation: continuation))
        }
        return try result.get()
    }

    private func enqueue(_ job: Job) {
        condition.lock()
        jobs.append(job)
        // Threads are started lazily, so a transport that is never used costs nothing.
        if idleThreads == 0, threadsStarted < options.maximumConnections {
            threadsStarted += 1
            let thread = Thread { [self] in self.workerLoop() }
            thread.name = "alert2jira-curl-\(threadsStarted)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    private func workerLoop() {
        if let error = Self.libraryError {
            failAll(with: error)
            return
        }
        guard let handle = ccurl_easy_init() else {
            failAll(with: .other("curl_easy_init failed"))
            return
        }
        defer { ccurl_easy_cleanup(handle) }
        while true {
            condition.lock()
            idleThreads += 1
            while jobs.isEmpty, !stopping { condition.wait() }
            idleThreads -= 1
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.continuation.resume(returning: perform(job.request, handle: handle))
        }
    }

    private func failAll(with error: TransportError) {
        condition.lock()
        let pending = jobs
        jobs.removeAll()
        threadsStarted -= 1
        condition.unlock()
        for job in pending { job.continuation.resume(returning: .failure(error)) }
    }

    // MARK: - One request

    /// Collects the response; libcurl's callbacks reach it through an opaque pointer.
    private final class Accumulator {
        var body: [UInt8] = []
        var headers: [(name: String, value: String)] = []
        var limit: Int
        var exceeded = false

        init(limit: Int) {
            self.limit = limit
        }
    }

    private func perform(_ request: HTTPRequest, handle: UnsafeMutableRawPointer) -> Result<HTTPResponse, TransportError> {
        // Reset drops the previous request's options but keeps the connection cache.
        ccurl_easy_reset(handle)
        let accumulator = Accumulator(limit: options.maximumResponseSize)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { ccurl_slist_free_all(headerList) }

        return errorBuffer.withUnsafeMutableBufferPointer { errorPointer -> Result<HTTPResponse, TransportError> in
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            ccurl_setopt_string(handle, CURLOPT_URL, request.url)
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent)
            ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout))
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(options.requestTimeout))
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, options.insecureSkipVerify ? 0 : 1)
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, options.insecureSkipVerify ? 0 : 2)
            if !request.idempotent {
                ccurl_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1)
            }
            if let caFile = options.caFile {
                ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile)
            }

            switch request.method {
            case "GET":
                ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            case "POST":
                ccurl_setopt_long(handle, CURLOPT_POST, 1)
            case "HEAD":
                ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
            default:
                ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if let body = request.body {
                ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { bytes in
                    // COPYPOSTFIELDS copies, so the buffer need not outlive this call.
                    _ = ccurl_setopt_pointer(
                        handle,
                        CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                    )
                }
            } else if request.method == "POST" || request.method == "PUT" {
                ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0)
                ccurl_setopt_string(handle, CURLOPT_POSTFIELDS, "")
            }

            // Jira doesn't need a 100-continue round trip before each POST body.
            for header in request.headers + [(name: "Expect", value: "")] {
                headerList = ccurl_slist_append(headerList, "\(header.name):\(header.value.isEmpty ? "" : " " + header.value)")
            }
            ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)

            let context = Unmanaged.passUnretained(accumulator).toOpaque()
            ccurl_setopt_write_callback(
                handle,
                { data, size, count, context in
                    let accumulator = Unmanaged<Accumulator>.fromOpaque(context!).takeUnretainedValue()
                    let length = size * count
                    if accumulator.body.count + length > accumulator.limit {
                        accumulator.exceeded = true
                        return 0
                    }
                    if let data, length > 0 {
                        data.withMemoryRebound(to: UInt8.self, capacity: length) {
                            accumulator.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                        }
                    }
                    return length
                },
                context
            )
            ccurl_setopt_header_callback(
                handle,
                { data, size, count, context in
                    let accumulator = Unmanaged<Accumulator>.fromOpaque(context!).takeUnretainedValue()
                    let length = size * count
                    guard let data else { return length }
                    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    }.trimmingCharacters(in: .whitespacesAndNewlines)
                    if line.hasPrefix("HTTP/") {
                        // A new status line (after 100 Continue or through a proxy's CONNECT) starts over.
                        accumulator.headers.removeAll()
                    } else if let colon = line.firstIndex(of: ":") {
                        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
                        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                        accumulator.headers.append((name: name, value: value))
                    }
                    return length
                },
                context
            )

            let code = ccurl_easy_perform(handle)
            withExtendedLifetime(accumulator) {}
            guard code == CURLE_OK else {
                if accumulator.exceeded { return .failure(.responseTooLarge(limit: options.maximumResponseSize)) }
                let detail = String(cString: errorPointer.baseAddress!)
                let message = detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail
                return .failure(Self.error(for: code, message: message))
            }
            var status = 0
            ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: accumulator.headers, body: accumulator.body))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    static func error(for code: CURLcode, message: String) -> TransportError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            .connectionFailed(message)
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut(message)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            .tls(message)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            .connectionLost(message)
        default:
            .other("\(message) (curl error \(code.rawValue))")
        }
    }
}
