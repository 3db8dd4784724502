/// A change of an agent's name, role, availability or capacity. Availability and capacity decide who gets
/// work, so they are followed by handing out the queue; an agent going offline first hands back what they
/// have not answered (for inboxes that ask for it). Authorization is the caller's
/// (`Principal.authorize(.changeAgent…)`); what no role may do (an admin demoting themselves) is refused here.
public struct ChangeAgent: Sendable {
    let directory: any DirectoryStore

    public init(directory: any DirectoryStore) {
        self.directory = directory
    }

    /// The agent after the change (nil when not in the account), and what follows it.
    public func callAsFunction(agentID: Int64, accountID: Int64, _ change: AgentChange, by actor: Principal) async throws
        -> Outcome<Agent?>
    {
        if agentID == actor.agent.id, actor.role == .admin, let role = change.role, role != .admin {
            throw SwitchboardError.invalid("role", "an admin cannot demote themselves; ask another admin")
        }
        if agentID == actor.agent.id, change.active == false {
            throw SwitchboardError.invalid("active", "an agent cannot deactivate themselves; ask another admin")
        }
        guard let agent = try await directory.updateAgent(id: agentID, accountID: accountID, change) else {
            return Outcome(nil)
        }
        var effects: [AfterCommit] = []
        if change.availability == .offline || change.active == false { effects.append(.requeueAfterGoingOffline(agentID: agentID, accountID: accountID)) }
        if change.availability != nil || change.capacity != nil { effects.append(.assignWaiting(accountID: accountID)) }
        return Outcome(agent, effects: effects)
    }
}
