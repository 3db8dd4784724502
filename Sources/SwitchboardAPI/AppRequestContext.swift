import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// Per-request state: the authenticated agent (set by `AuthMiddleware`) and the client address
/// (for the web form rate limit).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The console session's token when the caller was signed in by cookie rather than a bearer token.
    var sessionToken: String?
    public let remoteAddress: String?
    /// The connection, so a stream whose reader stopped reading can be closed.
    public let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        channel = source.channel
    }

    /// Bodies are read explicitly with per-route limits; this is the framework's own ceiling.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The signed-in agent; routes behind the auth middleware can rely on it.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw SwitchboardError.unauthorized("a bearer token is required") }
        return principal
    }
}
