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
struct AuthController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context in
            let body = try await JSONBody.decode(LoginRequest.self, from: request, context: context)
            guard let credentials = try await deps.directory.credentials(email: body.email),
                let hash = credentials.passwordHash,
                body.password.count <= 200,
                try await PasswordHasher.verify(body.password, hash: hash)
            else {
                throw SwitchboardError.unauthorized("the email or password is wrong")
            }
            let token = AccessToken.generate()
            try await deps.directory.saveToken(agentID: credentials.agentID, tokenHash: AccessToken.hash(token), name: "login")
            guard let principal = try await deps.directory.principal(tokenHash: AccessToken.hash(token)) else {
                throw SwitchboardError.storeUnavailable
            }
            return try JSONBody.response(
                TokenDTO(token: token, agentID: principal.agent.id, accountID: principal.accountID), status: .ok
            )
        }
    }
}
