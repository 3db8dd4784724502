import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdBcrypt
import NIOPosix
import SwitchboardCore

/// Resolves the caller of every `/api/v1` route but sign-in: `Authorization: Bearer <token>` (integrations,
/// scripts), or else the console's session cookie. A cookie is sent by the browser whoever made the page, so
/// a cookie-authenticated request that may change something (anything but GET and HEAD) must also carry
/// the session's CSRF token in `X-CSRF-Token`, which a form or a page of another site cannot send.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let directory: any DirectoryStore
    let sessions: any SessionStore
    let sessionIdle: Duration
    let limiter: RateLimiter
    /// Requests a minute per token or session; 0 is no limit.
    let perMinute: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                throw SwitchboardError.unauthorized("send Authorization: Bearer <token>")
            }
            let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty, token.count <= 256,
                let principal = try await directory.principal(tokenHash: AccessToken.hash(token))
            else {
                throw SwitchboardError.unauthorized("the token is not valid")
            }
            context.principal = principal
        } else if let token = request.cookies[ConsoleSession.cookieName]?.value {
            guard !token.isEmpty, token.count <= 256,
                let principal = try await sessions.sessionPrincipal(tokenHash: AccessToken.hash(token), idle: sessionIdle)
            else {
                throw SwitchboardError.unauthorized("the session has ended; sign in again")
            }
            if request.method != .get, request.method != .head {
                guard let sent = request.headers[.csrfToken], ConsoleSession.matches(sent, ConsoleSession.csrfToken(for: token)) else {
                    throw SwitchboardError.forbidden("a request signed in by cookie must carry the session's X-CSRF-Token header")
                }
            }
            context.principal = principal
            context.sessionToken = token
        } else {
            throw SwitchboardError.unauthorized("send Authorization: Bearer <token>, or sign in for a session")
        }
        context.logger[metadataKey: "agent_id"] = "\(context.principal?.agent.id ?? 0)"
        if perMinute > 0, let principal = context.principal {
            let key = principal.tokenID.map { "token:\($0)" } ?? "agent:\(principal.agent.id)"
            try await limiter.admit(key, perMinute: perMinute, refusal: "too many requests for this token")
        }
        return try await next(request, context)
    }
}

/// The console's sign-in: a random token in an `HttpOnly` cookie (the server keeps its SHA-256), and a CSRF
/// token derived from it, which the page reads from the sign-in answer and sends back as a header.
enum ConsoleSession {
    static let cookieName = "switchboard_session"

    static func csrfToken(for sessionToken: String) -> String {
        let digest = AccessToken.hash("csrf:" + sessionToken)
        return Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares in time that does not depend on where the two differ.
    static func matches(_ sent: String, _ expected: String) -> Bool {
        let a = Array(sent.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func cookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Tells the browser to forget the cookie.
    static func expiredCookie(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
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
