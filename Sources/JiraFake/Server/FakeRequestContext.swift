import Hummingbird
import NIOCore

/// The request context of the fake's server: Hummingbird's core context plus the connection, which the
/// connection-dropping faults close.
public struct FakeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client connection.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// ADF descriptions and bulk creates can be large; Jira takes several megabytes.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
