/// Who belongs to a team. Membership decides who may take the team's conversations, so the queue is
/// handed out again after the change: a new member with room takes what waits.
public struct ChangeTeamMembers: Sendable {
    let directory: any DirectoryStore

    public init(directory: any DirectoryStore) {
        self.directory = directory
    }

    /// The team with its new members (nil when not in the account), and what follows the change.
    public func callAsFunction(teamID: Int64, accountID: Int64, agentIDs: [Int64]) async throws -> Outcome<Team?> {
        guard let team = try await directory.setTeamMembers(teamID: teamID, accountID: accountID, agentIDs: agentIDs) else {
            return Outcome(nil)
        }
        return Outcome(team, effects: [.assignWaiting(accountID: accountID)])
    }
}
