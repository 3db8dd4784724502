import Foundation

/// Where the serve processes of one database tell each other they are alive.
public protocol CensusStore: Sendable {
    /// Records that `processID` is alive now, forgets processes silent for longer than `staleAfter`,
    /// and answers how many are alive (this one included).
    func heartbeat(processID: UUID, staleAfter: Duration) async throws -> Int
    /// Takes this process off the list at once, so the others' shares grow without waiting.
    func leave(processID: UUID) async throws
}
