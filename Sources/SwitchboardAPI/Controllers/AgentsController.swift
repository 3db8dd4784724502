import Foundation
import Hummingbird
import Logging
import SwitchboardCore

struct CreateAgentRequest: Decodable {
    var name: String
    var email: String
    var role: Role
    var password: String?
    var capacity: Int?
}

struct UpdateAgentRequest: Decodable {
    var name: String?
    var role: Role?
    var availability: Availability?
    var capacity: Int?
    var active: Bool?

    enum CodingKeys: String, CodingKey { case name, role, availability, capacity, active }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeUnlessAbsent(String.self, forKey: .name)
        role = try container.decodeUnlessAbsent(Role.self, forKey: .role)
        availability = try container.decodeUnlessAbsent(Availability.self, forKey: .availability)
        capacity = try container.decodeIfPresent(Int.self, forKey: .capacity)
        active = try container.decodeUnlessAbsent(Bool.self, forKey: .active)
    }
}

struct CreateTokenRequest: Decodable {
    var name: String?
}

/// Agents of the caller's account. Admins manage everyone; supervisors set availability and capacity;
/// agents set their own availability.
struct AgentsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            let agents = try await deps.directory.agents(accountID: principal.accountID)
            return try JSONBody.response(ListDTO(items: agents.map(AgentDTO.init)))
        }
        group.post(use: create)
        group.get(":id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try pathID(context, "id", "agent")
            guard let agent = try await deps.directory.agent(id: id, accountID: principal.accountID) else {
                throw SwitchboardError.notFound("agent \(id)")
            }
            return try JSONBody.response(AgentDTO(agent))
        }
        group.patch(":id", use: update)
        group.post(":id/tokens", use: issueToken)
        group.get(":id/tokens", use: listTokens)
        group.delete(":id/tokens/:token_id", use: revokeToken)
        group.get(":id/sessions", use: listSessions)
        group.delete(":id/sessions/:session_id", use: revokeSession)
    }

    /// The agent's console sign-ins (address, started, last used), for the agent themselves and admins.
    @Sendable func listSessions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try await tokenOwner(context)
        let sessions = try await deps.sessions.sessions(
            agentID: id, accountID: principal.accountID, idle: deps.sessionIdle,
            currentTokenHash: context.sessionToken.map(AccessToken.hash)
        )
        return try JSONBody.response(ListDTO(items: sessions.map(SessionInfoDTO.init)))
    }

    /// Signs one console session out at once (a lost phone, a shared computer): its next request gets 401.
    @Sendable func revokeSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try await tokenOwner(context)
        let sessionID = try pathID(context, "session_id", "session")
        guard try await deps.sessions.closeSession(id: sessionID, agentID: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("session \(sessionID)")
        }
        return Response(status: .noContent)
    }

    /// The agent's tokens (prefix, name, created, last used), for the agent themselves and admins.
    @Sendable func listTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try await tokenOwner(context)
        let tokens = try await deps.directory.tokens(agentID: id, accountID: principal.accountID)
        return try JSONBody.response(ListDTO(items: tokens.map(TokenInfoDTO.init)))
    }

    /// Revokes one token at once: the next request with it gets 401. Not the one making the request, so nobody
    /// locks themselves out by mistake.
    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, id) = try await tokenOwner(context)
        let tokenID = try pathID(context, "token_id", "token")
        if tokenID == principal.tokenID {
            throw SwitchboardError.conflict("this is the token making the request; revoke it with another token")
        }
        guard try await deps.directory.revokeToken(id: tokenID, agentID: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("token \(tokenID)")
        }
        return Response(status: .noContent)
    }

    /// The caller and the agent of the path, once the agent is known and the caller may manage its tokens and
    /// sessions.
    private func tokenOwner(_ context: AppRequestContext) async throws -> (Principal, Int64) {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "agent")
        guard try await deps.directory.agent(id: id, accountID: principal.accountID) != nil else {
            throw SwitchboardError.notFound("agent \(id)")
        }
        try principal.authorize(.manageTokens(agentID: id))
        return (principal, id)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.addAgents)
        let body = try await JSONBody.decode(CreateAgentRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200, required: true)
        validator.email(body.email, "email")
        validator.range(body.capacity, "capacity", 0...1000)
        if let password = body.password, password.count < 8 || password.count > 200 {
            validator.add("password", "must be 8 to 200 characters")
        }
        try validator.check()
        let hash: String? =
            if let password = body.password { try await PasswordHasher.hash(password) } else { nil }
        let agent = try await deps.directory.createAgent(
            accountID: principal.accountID,
            NewAgent(
                name: body.name.trimmingCharacters(in: .whitespacesAndNewlines), email: body.email, role: body.role,
                capacity: body.capacity, passwordHash: hash
            )
        )
        return try JSONBody.response(AgentDTO(agent), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "agent")
        let body = try await JSONBody.decode(UpdateAgentRequest.self, from: request, context: context)
        guard try await deps.directory.agent(id: id, accountID: principal.accountID) != nil else {
            throw SwitchboardError.notFound("agent \(id)")
        }
        let change = AgentChange(
            name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines), role: body.role,
            availability: body.availability, capacity: body.capacity, active: body.active
        )
        try principal.authorize(.changeAgent(agentID: id, change))
        var validator = Validator()
        validator.text(body.name, "name", max: 200)
        validator.range(body.capacity, "capacity", 0...1000)
        try validator.check()
        let outcome = try await deps.useCases.changeAgent(agentID: id, accountID: principal.accountID, change, by: principal)
        guard let agent = outcome.value else { throw SwitchboardError.notFound("agent \(id)") }
        await deps.effects.carryOut(outcome.effects)
        return try JSONBody.response(AgentDTO(agent))
    }

    @Sendable func issueToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "agent")
        guard try await deps.directory.agent(id: id, accountID: principal.accountID) != nil else {
            throw SwitchboardError.notFound("agent \(id)")
        }
        try principal.authorize(.issueToken(agentID: id))
        var name: String?
        if request.headers[.contentType] != nil {
            name = try await JSONBody.decode(CreateTokenRequest.self, from: request, context: context).name
        }
        var validator = Validator()
        validator.text(name, "name", max: 200)
        try validator.check()
        let token = AccessToken.generate()
        try await deps.directory.saveToken(agentID: id, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: name)
        return try JSONBody.response(TokenDTO(token: token, agentID: id, accountID: principal.accountID), status: .created)
    }
}
