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

/// Exchanges an email and password for an API token.
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

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context in
            let body = try await JSONBody.decode(LoginRequest.self, from: request, context: context)
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
            let token = AccessToken.generate()
            try await deps.directory.saveToken(
                agentID: credentials.agentID, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: "login"
            )
            guard let principal = try await deps.directory.principal(tokenHash: AccessToken.hash(token)) else {
                throw SwitchboardError.storeUnavailable
            }
            return try JSONBody.response(
                TokenDTO(token: token, agentID: principal.agent.id, accountID: principal.accountID), status: .ok
            )
        }
    }
}
