import Foundation
import Hummingbird
import SwitchboardCore

struct LoginRequest: Decodable {
    var email: String
    var password: String
}

struct TokenDTO: Encodable {
    var token: String
    var agentID: Int64
    var accountID: Int64

    enum CodingKeys: String, CodingKey {
        case token
        case agentID = "agent_id", accountID = "account_id"
    }
}

/// Exchanges an email and password for an API token (`login`) or a console session cookie (`session`).
///
/// Guessing is slowed down and never told anything: 5 failures within 15 minutes for one email (or 20 from one
/// client address, which an office behind one NAT address shares) refuse further attempts with `429` and
/// `Retry-After`, whatever the password; an
/// unknown email costs the same bcrypt work as a wrong password, so timing does not tell which emails exist.
struct AuthController {
    let deps: APIDependencies

    static let maxFailuresPerEmail = 5
    static let maxFailuresPerAddress = 20
    static let failureWindow: Duration = .seconds(15 * 60)

    func register(on group: RouterGroup<AppRequestContext>, signedIn: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context in
            let body = try await JSONBody.decode(LoginRequest.self, from: request, context: context)
            let agentID = try await authenticate(body, context: context)
            let token = AccessToken.generate()
            try await deps.directory.saveToken(
                agentID: agentID, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: "login"
            )
            guard let principal = try await deps.directory.principal(tokenHash: AccessToken.hash(token)) else {
                throw SwitchboardError.storeUnavailable
            }
            try await recordSignIn(principal, context: context)
            return try JSONBody.response(
                TokenDTO(token: token, agentID: principal.agent.id, accountID: principal.accountID), status: .ok
            )
        }
        // The console's sign-in: the same check and lockout as `login`, answered with a session cookie.
        group.post("session") { request, context in
            let body = try await JSONBody.decode(LoginRequest.self, from: request, context: context)
            let agentID = try await authenticate(body, context: context)
            let token = AccessToken.generate()
            let hash = AccessToken.hash(token)
            try await deps.sessions.openSession(agentID: agentID, tokenHash: hash, address: context.remoteAddress, idle: deps.sessionIdle)
            guard let principal = try await deps.sessions.sessionPrincipal(tokenHash: hash, idle: deps.sessionIdle) else {
                throw SwitchboardError.storeUnavailable
            }
            try await recordSignIn(principal, context: context)
            var response = try JSONBody.response(
                SessionDTO(principal, csrfToken: ConsoleSession.csrfToken(for: token), idle: deps.sessionIdle), status: .created
            )
            response.setCookie(ConsoleSession.cookie(token, secure: deps.isHTTPS))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        // Who is signed in, and the CSRF token a page reloaded from cache needs again.
        signedIn.get("session") { _, context in
            let principal = try context.requirePrincipal()
            var response = try JSONBody.response(
                SessionDTO(principal, csrfToken: context.sessionToken.map(ConsoleSession.csrfToken(for:)), idle: deps.sessionIdle)
            )
            response.headers[.cacheControl] = "no-store"
            return response
        }
        // Signing out ends the session in the database, so the cookie is worthless even if it was copied.
        signedIn.delete("session") { _, context in
            if let token = context.sessionToken { try await deps.sessions.closeSession(tokenHash: AccessToken.hash(token)) }
            var response = Response(status: .noContent)
            response.setCookie(ConsoleSession.expiredCookie(secure: deps.isHTTPS))
            return response
        }
    }

    /// A sign-in (for a token or a session) goes in the account's audit trail.
    private func recordSignIn(_ principal: Principal, context: AppRequestContext) async throws {
        try await deps.audit.recordAudit(
            accountID: principal.accountID, actorID: principal.agent.id, action: "auth.login", subjectType: "agent",
            subjectID: principal.agent.id, data: [:], ip: context.remoteAddress
        )
    }

    /// The agent an email and password name, or the refusal: locked out (`429`), or wrong (`401`).
    private func authenticate(_ body: LoginRequest, context: AppRequestContext) async throws -> Int64 {
        let address = context.remoteAddress
        if let until = try await deps.directory.loginLockedUntil(
            email: body.email, address: address, emailFailures: Self.maxFailuresPerEmail,
            addressFailures: Self.maxFailuresPerAddress, window: Self.failureWindow
        ) {
            let seconds = max(Int(until.timeIntervalSinceNow.rounded(.up)), 1)
            throw SwitchboardError.rateLimited(
                "too many failed sign-ins; try again in \(seconds) seconds", retryAfterSeconds: seconds
            )
        }
        let credentials = try await deps.directory.credentials(email: body.email)
        // Every attempt pays for one bcrypt verification, against a stand-in hash when there is no real one.
        let hash = credentials?.passwordHash ?? PasswordHasher.standIn
        var matches = false
        if body.password.count <= 200 { matches = try await PasswordHasher.verify(body.password, hash: hash) }
        guard let credentials, credentials.passwordHash != nil, matches else {
            try await deps.directory.recordLoginFailure(email: body.email, address: address, agentID: credentials?.agentID)
            throw SwitchboardError.unauthorized("the email or password is wrong")
        }
        try await deps.directory.clearLoginFailures(email: body.email)
        return credentials.agentID
    }
}

/// Who is signed in: the agent, their teams and, for a cookie session, the token to send as `X-CSRF-Token`.
struct SessionDTO: Encodable {
    var agent: AgentDTO
    var accountID: Int64
    var teamIDs: [Int64]
    var csrfToken: String?
    var idleTimeoutSeconds: Int

    init(_ principal: Principal, csrfToken: String?, idle: Duration) {
        agent = AgentDTO(principal.agent)
        accountID = principal.accountID
        teamIDs = principal.teamIDs
        self.csrfToken = csrfToken
        idleTimeoutSeconds = Int(idle.components.seconds)
    }

    enum CodingKeys: String, CodingKey {
        case agent
        case accountID = "account_id", teamIDs = "team_ids", csrfToken = "csrf_token"
        case idleTimeoutSeconds = "idle_timeout_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agent, forKey: .agent)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(teamIDs, forKey: .teamIDs)
        try container.encode(csrfToken, forKey: .csrfToken)
        try container.encode(idleTimeoutSeconds, forKey: .idleTimeoutSeconds)
    }
}
