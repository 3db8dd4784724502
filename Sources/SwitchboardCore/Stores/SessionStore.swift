import Foundation

/// Console sign-ins, kept by the hash of the cookie's token.
public protocol SessionStore: Sendable {
    /// Opens a session for the agent; sessions idle longer than `idle` are pruned on the way.
    func openSession(agentID: Int64, tokenHash: [UInt8], address: String?, idle: Duration) async throws
    /// The agent behind a session that has not been idle longer than `idle`; marks it as used
    /// (at most once a minute, so reading does not write on every request).
    func sessionPrincipal(tokenHash: [UInt8], idle: Duration) async throws -> Principal?
    /// Ends the session; true when there was one.
    @discardableResult
    func closeSession(tokenHash: [UInt8]) async throws -> Bool
    /// The agent's live sessions (not idle longer than `idle`), most recently used first; the one whose token
    /// hashes to `currentTokenHash` is marked `current`.
    func sessions(agentID: Int64, accountID: Int64, idle: Duration, currentTokenHash: [UInt8]?) async throws -> [SessionInfo]
    /// Ends one of the agent's sessions (an admin signing a lost phone out); false when there is no such session.
    func closeSession(id: Int64, agentID: Int64, accountID: Int64) async throws -> Bool
}

/// One console sign-in as an admin sees it: never its token.
public struct SessionInfo: Sendable, Equatable {
    public var id: Int64
    public var address: String?
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Whether this is the session making the request.
    public var current: Bool

    public init(id: Int64, address: String?, createdAt: Date, lastSeenAt: Date, current: Bool) {
        self.id = id
        self.address = address
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.current = current
    }
}
