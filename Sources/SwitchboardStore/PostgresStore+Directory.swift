import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: DirectoryStore {
    static let agentColumns = "a.id, a.account_id, a.name, a.email, a.role, a.availability, a.capacity, a.created_at, a.updated_at, a.active"
    typealias AgentRow = (Int64, Int64, String, String, String, String, Int?, Date, Date, Bool)

    static func agent(_ row: AgentRow) -> Agent {
        Agent(
            id: row.0, accountID: row.1, name: row.2, email: row.3, role: Role(rawValue: row.4) ?? .agent,
            availability: Availability(rawValue: row.5) ?? .offline, capacity: row.6, createdAt: row.7, updatedAt: row.8,
            active: row.9
        )
    }

    static func agents(_ rows: PostgresRowSequence) async throws -> [Agent] {
        var agents: [Agent] = []
        for try await row in rows.decode(AgentRow.self) { agents.append(agent(row)) }
        return agents
    }

    public func bootstrap(accountName: String, email: String, passwordHash: String?) async throws -> BootstrapResult {
        try await transaction { [logger] connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(email.lowercased()), 1))", logger: logger)
            let existing = try await Self.agents(
                try await connection.query(
                    "SELECT \(unescaped: Self.agentColumns) FROM agents a WHERE lower(a.email) = lower(\(email))", logger: logger
                )
            )
            if let admin = existing.first {
                let accountRows = try await connection.query(
                    "SELECT id, name, created_at FROM accounts WHERE id = \(admin.accountID)", logger: logger
                )
                for try await (id, name, created) in accountRows.decode((Int64, String, Date).self) {
                    return BootstrapResult(account: Account(id: id, name: name, createdAt: created), admin: admin, created: false)
                }
            }
            var account: Account?
            for try await (id, name, created) in try await connection.query(
                "INSERT INTO accounts (name) VALUES (\(accountName)) RETURNING id, name, created_at", logger: logger
            ).decode((Int64, String, Date).self) {
                account = Account(id: id, name: name, createdAt: created)
            }
            guard let account else { throw SwitchboardError.storeUnavailable }
            let adminName = email.split(separator: "@").first.map(String.init) ?? "Admin"
            let admins = try await Self.agents(
                try await connection.query(
                    """
                    INSERT INTO agents AS a (account_id, name, email, role, availability, password_hash)
                    VALUES (\(account.id), \(adminName), \(email), 'admin', 'online', \(passwordHash))
                    RETURNING \(unescaped: Self.agentColumns)
                    """,
                    logger: logger
                )
            )
            guard let admin = admins.first else { throw SwitchboardError.storeUnavailable }
            return BootstrapResult(account: account, admin: admin, created: true)
        }
    }

    public func saveToken(agentID: Int64, tokenHash: [UInt8], prefix: String, name: String?) async throws {
        try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO api_tokens (account_id, agent_id, token_hash, prefix, name)
                SELECT account_id, id, \(ByteBuffer(bytes: tokenHash)), \(prefix), \(name) FROM agents WHERE id = \(agentID)
                """,
                logger: logger
            )
        }
    }

    public func principal(tokenHash: [UInt8]) async throws -> Principal? {
        try await run { [client, logger] in
            var bindings = PostgresBindings()
            bindings.append(ByteBuffer(bytes: tokenHash))
            let rows = try await client.withConnection { try await $0.rows(TokenPrincipal.self, bindings, logger: logger) }
            for row in rows {
                let row = try row.decode((Int64, Int64, String, String, String, String, Int?, Date, Date, Bool, [Int64], Int64).self)
                let agent = Self.agent((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9))
                return Principal(agent: agent, teamIDs: row.10, tokenID: row.11)
            }
            return nil
        }
    }

    /// Every API request asks this first, so it is prepared: the active agent whose token hashes to `$1`.
    enum TokenPrincipal: PreparedSQL {
        static let sql = """
            WITH token AS (
                SELECT t.id, t.agent_id FROM api_tokens t JOIN agents a ON a.id = t.agent_id
                WHERE t.token_hash = $1 AND a.active
            ), used AS (
                -- At most one write a minute per token, so busy clients do not queue on the row.
                UPDATE api_tokens SET last_used_at = now()
                WHERE id = (SELECT id FROM token) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT \(PostgresStore.principalColumns), token.id
            FROM token JOIN agents a ON a.id = token.agent_id
            """
    }

    /// An agent's columns (`a`) and their team ids, read by `principal(_:)`.
    static let principalColumns = agentColumns + """
        , coalesce((SELECT array_agg(tm.team_id ORDER BY tm.team_id) FROM team_members tm WHERE tm.agent_id = a.id), '{}')
        """

    static func principal(_ rows: PostgresRowSequence) async throws -> Principal? {
        for try await row in rows.decode((Int64, Int64, String, String, String, String, Int?, Date, Date, Bool, [Int64]).self) {
            let agent = Self.agent((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9))
            return Principal(agent: agent, teamIDs: row.10)
        }
        return nil
    }

    public func credentials(email: String) async throws -> (agentID: Int64, passwordHash: String?)? {
        try await run { [client, logger] in
            let rows = try await client.query(
                "SELECT id, password_hash FROM agents WHERE lower(email) = lower(\(email)) AND active", logger: logger
            )
            for try await (id, hash) in rows.decode((Int64, String?).self) { return (id, hash) }
            return nil
        }
    }

    public func agents(accountID: Int64) async throws -> [Agent] {
        try await run { [client, logger] in
            try await Self.agents(
                try await client.query(
                    "SELECT \(unescaped: Self.agentColumns) FROM agents a WHERE a.account_id = \(accountID) ORDER BY a.id",
                    logger: logger
                )
            )
        }
    }

    public func agent(id: Int64, accountID: Int64) async throws -> Agent? {
        try await run { [client, logger] in
            try await Self.agents(
                try await client.query(
                    "SELECT \(unescaped: Self.agentColumns) FROM agents a WHERE a.id = \(id) AND a.account_id = \(accountID)",
                    logger: logger
                )
            ).first
        }
    }

    public func createAgent(accountID: Int64, _ new: NewAgent) async throws -> Agent {
        try await run { [client, logger] in
            let created = try await Self.agents(
                try await client.query(
                    """
                    INSERT INTO agents AS a (account_id, name, email, role, capacity, password_hash)
                    VALUES (\(accountID), \(new.name), \(new.email), \(new.role.rawValue), \(new.capacity), \(new.passwordHash))
                    RETURNING \(unescaped: Self.agentColumns)
                    """,
                    logger: logger
                )
            )
            guard let agent = created.first else { throw SwitchboardError.storeUnavailable }
            return agent
        }
    }

    public func updateAgent(id: Int64, accountID: Int64, _ change: AgentChange) async throws -> Agent? {
        try await run { [client, logger] in
            try await Self.agents(
                try await client.query(
                    """
                    UPDATE agents AS a SET
                        name = coalesce(\(change.name), name),
                        role = coalesce(\(change.role?.rawValue), role),
                        availability = CASE WHEN \(change.active) = false THEN 'offline'
                            ELSE coalesce(\(change.availability?.rawValue), availability) END,
                        capacity = coalesce(\(change.capacity), capacity),
                        active = coalesce(\(change.active), active),
                        updated_at = now()
                    WHERE a.id = \(id) AND a.account_id = \(accountID)
                    RETURNING \(unescaped: Self.agentColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    static let teamSelect = """
        SELECT t.id, t.account_id, t.name, t.created_at,
               coalesce((SELECT array_agg(tm.agent_id ORDER BY tm.agent_id) FROM team_members tm WHERE tm.team_id = t.id), '{}')
        FROM teams t
        """

    static func teams(_ rows: PostgresRowSequence) async throws -> [Team] {
        var teams: [Team] = []
        for try await (id, account, name, created, members) in rows.decode((Int64, Int64, String, Date, [Int64]).self) {
            teams.append(Team(id: id, accountID: account, name: name, memberIDs: members, createdAt: created))
        }
        return teams
    }

    public func teams(accountID: Int64) async throws -> [Team] {
        try await run { [client, logger] in
            try await Self.teams(
                try await client.query("\(unescaped: Self.teamSelect) WHERE t.account_id = \(accountID) ORDER BY t.id", logger: logger)
            )
        }
    }

    public func team(id: Int64, accountID: Int64) async throws -> Team? {
        try await run { [client, logger] in
            try await Self.teams(
                try await client.query(
                    "\(unescaped: Self.teamSelect) WHERE t.id = \(id) AND t.account_id = \(accountID)", logger: logger
                )
            ).first
        }
    }

    public func createTeam(accountID: Int64, name: String) async throws -> Team {
        let id: Int64 = try await run { [client, logger] in
            for try await id in try await client.query(
                "INSERT INTO teams (account_id, name) VALUES (\(accountID), \(name)) RETURNING id", logger: logger
            ).decode(Int64.self) {
                return id
            }
            throw SwitchboardError.storeUnavailable
        }
        guard let team = try await team(id: id, accountID: accountID) else { throw SwitchboardError.storeUnavailable }
        return team
    }

    public func setTeamMembers(teamID: Int64, accountID: Int64, agentIDs: [Int64]) async throws -> Team? {
        let found: Bool = try await transaction { [logger] connection in
            var exists = false
            for try await _ in try await connection.query(
                "SELECT id FROM teams WHERE id = \(teamID) AND account_id = \(accountID) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                exists = true
            }
            guard exists else { return false }
            var known = Set<Int64>()
            for try await id in try await connection.query(
                "SELECT id FROM agents WHERE account_id = \(accountID) AND id = ANY(\(agentIDs))", logger: logger
            ).decode(Int64.self) {
                known.insert(id)
            }
            if let unknown = agentIDs.first(where: { !known.contains($0) }) {
                throw SwitchboardError.badReference(.teamMembers, "agent \(unknown) does not exist")
            }
            try await connection.query("DELETE FROM team_members WHERE team_id = \(teamID)", logger: logger)
            try await connection.query(
                """
                INSERT INTO team_members (account_id, team_id, agent_id)
                SELECT \(accountID), \(teamID), unnest(\(Array(Set(agentIDs))))
                """,
                logger: logger
            )
            return true
        }
        return found ? try await team(id: teamID, accountID: accountID) : nil
    }

    public func ping() async -> Bool {
        do {
            return try await withDeadline(.seconds(2)) { [client, logger] in
                try await client.query("SELECT 1", logger: logger)
                return true
            }
        } catch {
            return false
        }
    }
}

extension PostgresStore {
    public func tokens(agentID: Int64, accountID: Int64) async throws -> [TokenInfo] {
        try await run { [client, logger] in
            var tokens: [TokenInfo] = []
            for try await row in try await client.query(
                """
                SELECT id, name, prefix, created_at, last_used_at FROM api_tokens
                WHERE agent_id = \(agentID) AND account_id = \(accountID) ORDER BY id DESC
                """,
                logger: logger
            ).decode((Int64, String?, String?, Date, Date?).self) {
                tokens.append(TokenInfo(id: row.0, name: row.1, prefix: row.2, createdAt: row.3, lastUsedAt: row.4))
            }
            return tokens
        }
    }

    public func revokeToken(id: Int64, agentID: Int64, accountID: Int64) async throws -> Bool {
        try await exists(
            "DELETE FROM api_tokens WHERE id = \(id) AND agent_id = \(agentID) AND account_id = \(accountID) RETURNING id"
        )
    }
}
