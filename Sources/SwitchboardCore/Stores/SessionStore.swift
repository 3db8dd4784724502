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
}
