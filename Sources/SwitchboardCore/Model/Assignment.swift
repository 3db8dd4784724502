/// How an inbox hands new conversations to agents. Assignment happens in PostgreSQL, under a
/// per-account advisory lock, so any number of processes agree on who gets what.
public enum AssignmentPolicy: String, Sendable, Codable, CaseIterable {
    /// Conversations wait in the queue until someone takes or assigns them.
    case off
    /// The online agent with room who was assigned longest ago.
    case roundRobin = "round_robin"
    /// The online agent with the fewest open conversations; ties go to who was assigned longest ago.
    case leastLoaded = "least_loaded"
}

/// An inbox's assignment settings.
public struct AssignmentSettings: Sendable, Equatable {
    public var policy: AssignmentPolicy
    /// A returning contact goes back to the agent who last answered them, when that agent is online and has room.
    public var sticky: Bool
    /// When the assignee goes offline, a conversation without an agent reply for this many minutes goes
    /// back to the queue; nil keeps it with them.
    public var requeueAfterMinutes: Int?
    /// The capacity of agents who have none of their own, for this inbox's conversations.
    public var defaultCapacity: Int?

    public init(
        policy: AssignmentPolicy = .off, sticky: Bool = false, requeueAfterMinutes: Int? = nil, defaultCapacity: Int? = nil
    ) {
        self.defaultCapacity = defaultCapacity
        self.policy = policy
        self.sticky = sticky
        self.requeueAfterMinutes = requeueAfterMinutes
    }

    public static let off = AssignmentSettings()
}

/// Assigns waiting conversations when capacity appears (an agent comes online or gets more room,
/// a conversation is resolved, snoozed or handed back).
public protocol AssignmentStore: Sendable {
    /// Assigns as many waiting conversations of the account as agents have room for, urgent and high
    /// priority first, then oldest first. Returns how many it assigned.
    @discardableResult
    func assignWaiting(accountID: Int64) async throws -> Int
    /// The agent went offline: their conversations in inboxes with `requeueAfterMinutes`, without an agent
    /// reply for that long, are unassigned (and audited). Returns how many went back to the queue.
    @discardableResult
    func requeueAfterGoingOffline(agentID: Int64, accountID: Int64) async throws -> Int
    /// Accounts that have unassigned conversations in inboxes that assign automatically.
    func accountsWithWaitingConversations() async throws -> [Int64]
}
