import Foundation
import Hummingbird
import Logging
import HummingbirdBcrypt
import NIOPosix
import SwitchboardCore

/// Resolves `Authorization: Bearer <token>` to the agent behind it; every `/api/v1` route but login needs it.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let directory: any DirectoryStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization],
            header.count > 7, header.prefix(7).lowercased() == "bearer "
        else {
            throw SwitchboardError.unauthorized("send Authorization: Bearer <token>")
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256,
            let principal = try await directory.principal(tokenHash: AccessToken.hash(token))
        else {
            throw SwitchboardError.unauthorized("the token is not valid")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "agent_id"] = "\(principal.agent.id)"
        return try await next(request, context)
    }
}

/// Password hashing with bcrypt, off the event loop (it is slow on purpose).
public enum PasswordHasher {
    public static let cost: UInt8 = 10

    /// A hash of a random password nobody knows, verified against when an email has no password, so that
    /// an unknown email takes as long to refuse as a wrong password.
    static let standIn: String = Bcrypt.hash(AccessToken.generate(), cost: cost)

    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    static func validate(_ password: String, field: String = "password") throws {
        guard password.count >= 8, password.count <= 200 else {
            throw SwitchboardError.invalid(field, "must be 8 to 200 characters")
        }
    }
}
