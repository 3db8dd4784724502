import Foundation

/// What `bootstrap` did: the account and admin it found or created.
public struct BootstrapResult: Sendable, Equatable {
    public var account: Account
    public var admin: Agent
    public var created: Bool

    public init(account: Account, admin: Agent, created: Bool) {
        self.account = account
        self.admin = admin
        self.created = created
    }
}

public struct NewAgent: Sendable, Equatable {
    public var name: String
    public var email: String
    public var role: Role
    public var capacity: Int?
    public var passwordHash: String?

    public init(name: String, email: String, role: Role, capacity: Int?, passwordHash: String?) {
        self.name = name
        self.email = email
        self.role = role
        self.capacity = capacity
        self.passwordHash = passwordHash
    }
}

/// A partial update: nil fields stay as they are.
public struct AgentChange: Sendable, Equatable {
    public var name: String?
    public var role: Role?
    public var availability: Availability?
    public var capacity: Int?
    /// false deactivates the agent (and sets them offline), true brings them back.
    public var active: Bool?

    public init(
        name: String? = nil, role: Role? = nil, availability: Availability? = nil, capacity: Int? = nil, active: Bool? = nil
    ) {
        self.active = active
        self.name = name
        self.role = role
        self.availability = availability
        self.capacity = capacity
    }
}

/// An API token as its owner sees it in a list.
public struct TokenInfo: Sendable, Equatable {
    public var id: Int64
    public var name: String?
    public var prefix: String?
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, name: String?, prefix: String?, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Accounts, agents, their tokens and teams: who may do what.
public protocol DirectoryStore: Sendable {
    func bootstrap(accountName: String, email: String, passwordHash: String?) async throws -> BootstrapResult
    func saveToken(agentID: Int64, tokenHash: [UInt8], prefix: String, name: String?) async throws
    /// The agent's tokens, newest first (never the tokens themselves).
    func tokens(agentID: Int64, accountID: Int64) async throws -> [TokenInfo]
    /// False when the agent has no such token.
    func revokeToken(id: Int64, agentID: Int64, accountID: Int64) async throws -> Bool
    func principal(tokenHash: [UInt8]) async throws -> Principal?
    /// The agent id and password hash for a login attempt; nil when no agent has that address.
    func credentials(email: String) async throws -> (agentID: Int64, passwordHash: String?)?
    /// Until when sign-in is refused for this email or client address: that many failed attempts within
    /// `window` lock the email (or the address) for the rest of that window. Nil when sign-in is open.
    func loginLockedUntil(
        email: String, address: String?, emailFailures: Int, addressFailures: Int, window: Duration
    ) async throws -> Date?
    /// Counts one failed sign-in; `agentID` (when the email is an agent's) puts it in that account's audit log.
    func recordLoginFailure(email: String, address: String?, agentID: Int64?) async throws
    /// A successful sign-in forgets the email's failures.
    func clearLoginFailures(email: String) async throws
    func agents(accountID: Int64) async throws -> [Agent]
    func agent(id: Int64, accountID: Int64) async throws -> Agent?
    func createAgent(accountID: Int64, _ agent: NewAgent) async throws -> Agent
    func updateAgent(id: Int64, accountID: Int64, _ change: AgentChange) async throws -> Agent?
    func teams(accountID: Int64) async throws -> [Team]
    func team(id: Int64, accountID: Int64) async throws -> Team?
    func createTeam(accountID: Int64, name: String) async throws -> Team
    func setTeamMembers(teamID: Int64, accountID: Int64, agentIDs: [Int64]) async throws -> Team?
    /// True when the database answers.
    func ping() async -> Bool
}
