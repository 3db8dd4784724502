import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// The console's sign-in: a session cookie the API accepts like a bearer token, with CSRF protection for
/// writes, idle expiry, sign-out and the same lockout as `login`.
@Suite("Console sessions")
struct ConsoleSessionTests {
    static let setCookie = HTTPField.Name("Set-Cookie")!
    static let cookie = HTTPField.Name("Cookie")!
    static let csrf = HTTPField.Name("X-CSRF-Token")!

    /// An agent with a password, created through the API; returns its id and email.
    static func agentWithPassword(_ org: TestAccount, role: String = "agent") async throws -> (id: Int64, email: String) {
        let email = "\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let created = try await org.harness.request(
            .post, "/api/v1/agents", token: org.adminToken,
            json: #"{"name": "Maryna", "email": "\#(email)", "role": "\#(role)", "password": "correct horse"}"#
        )
        return (try #require(created.json["id"]?.int), email)
    }

    static func signIn(_ harness: Harness, _ email: String, _ password: String = "correct horse") async throws -> Reply {
        try await harness.request(.post, "/api/v1/auth/session", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
    }

    /// The cookie's value from a Set-Cookie answer.
    static func sessionToken(_ reply: Reply) throws -> String {
        let header = try #require(reply.headers[setCookie])
        let pair = try #require(header.split(separator: ";").first)
        #expect(pair.hasPrefix("switchboard_session="))
        return String(pair.dropFirst("switchboard_session=".count))
    }

    static func withCookie(_ token: String, csrf: String? = nil, _ more: HTTPFields = [:]) -> HTTPFields {
        var headers = more
        headers[cookie] = "theme=dark; switchboard_session=\(token)"
        if let csrf { headers[Self.csrf] = csrf }
        return headers
    }

    @Test("a right password sets an HttpOnly, SameSite=Lax, Secure cookie whose token is kept only hashed; a wrong one sets none")
    func signIn() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await Self.agentWithPassword(org)

            let wrong = try await Self.signIn(harness, agent.email, "wrong password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.contentType] == "application/problem+json")
            #expect(wrong.headers[Self.setCookie] == nil)
            let unknown = try await Self.signIn(harness, "nobody@example.org")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.headers[Self.setCookie] == nil)
            #expect(try await harness.count("SELECT count(*)::int FROM sessions") == 0)

            let signedIn = try await Self.signIn(harness, agent.email.uppercased())
            #expect(signedIn.status == .created)
            let header = try #require(signedIn.headers[Self.setCookie])
            let attributes = Set(header.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"]), "\(header)")
            #expect(signedIn.json["agent"]?["id"]?.int == agent.id)
            #expect(signedIn.json["account_id"]?.int == org.id)
            let csrf = try #require(signedIn.json["csrf_token"]?.string)
            #expect(csrf.count >= 40)
            let token = try Self.sessionToken(signedIn)
            #expect(!signedIn.text.contains(token))
            #expect(try await harness.count("SELECT count(*)::int FROM sessions WHERE token_hash = sha256(convert_to('\(token)', 'UTF8'))") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM sessions WHERE token_hash = convert_to('\(token)', 'UTF8')") == 0)

            let me = try await harness.request(.get, "/api/v1/auth/session", headers: Self.withCookie(token))
            #expect(me.status == .ok)
            #expect(me.json["agent"]?["email"]?.string == agent.email)
            #expect(me.json["csrf_token"]?.string == csrf)
            let byBearer = try await harness.request(.get, "/api/v1/auth/session", token: org.adminToken)
            #expect(byBearer.status == .ok)
            #expect(byBearer.json["csrf_token"] == .null)
            #expect(byBearer.json["agent"]?["id"]?.int == org.adminID)
        }
    }

    @Test("the cookie reads the API; a write needs the session's X-CSRF-Token, so a cross-site form post is refused 403")
    func csrf() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await Self.agentWithPassword(org)
            let signedIn = try await Self.signIn(harness, agent.email)
            let token = try Self.sessionToken(signedIn)
            let csrf = try #require(signedIn.json["csrf_token"]?.string)

            let list = try await harness.request(.get, "/api/v1/conversations", headers: Self.withCookie(token))
            #expect(list.status == .ok)
            #expect(try await harness.request(.get, "/api/v1/conversations", headers: Self.withCookie("sb_forged")).status == .unauthorized)

            let change = #"{"availability": "busy"}"#
            var json: HTTPFields = [:]
            json[.contentType] = "application/json"
            let noHeader = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", body: ByteBuffer(string: change), headers: Self.withCookie(token, json)
            )
            #expect(noHeader.status == .forbidden)
            #expect(noHeader.headers[.contentType] == "application/problem+json")
            let wrongHeader = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", body: ByteBuffer(string: change),
                // One character changed (never to itself: a token ending in "A" would otherwise stay right).
                headers: Self.withCookie(token, csrf: String(csrf.dropLast()) + (csrf.hasSuffix("A") ? "B" : "A"), json)
            )
            #expect(wrongHeader.status == .forbidden)
            #expect(try await harness.count("SELECT count(*)::int FROM agents WHERE id = \(agent.id) AND availability = 'busy'") == 0)
            let withHeader = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", body: ByteBuffer(string: change), headers: Self.withCookie(token, csrf: csrf, json)
            )
            #expect(withHeader.status == .ok)
            #expect(withHeader.json["availability"]?.string == "busy")

            // What a page of another site can make a browser send: a form post with the cookie and no header.
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            try await org.post(inbox: inbox, externalID: "m1", sender: "c1")
            let conversation = try #require(
                try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int
            )
            var form: HTTPFields = [:]
            form[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", body: ByteBuffer(string: "content=pwned"),
                headers: Self.withCookie(token, form)
            )
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.contentType] == "application/problem+json")
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE content = 'pwned'") == 0)
        }
    }

    @Test("signing out ends the session in the database and clears the cookie; an idle session ends by itself")
    func signOutAndIdle() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await Self.agentWithPassword(org)
            let first = try await Self.signIn(harness, agent.email)
            let token = try Self.sessionToken(first)
            let csrf = try #require(first.json["csrf_token"]?.string)

            let forgedLogout = try await harness.request(.delete, "/api/v1/auth/session", headers: Self.withCookie(token))
            #expect(forgedLogout.status == .forbidden)
            let logout = try await harness.request(.delete, "/api/v1/auth/session", headers: Self.withCookie(token, csrf: csrf))
            #expect(logout.status == .noContent)
            let cleared = try #require(logout.headers[Self.setCookie])
            #expect(cleared.hasPrefix("switchboard_session=;"))
            #expect(cleared.contains("Max-Age=0"))
            #expect(try await harness.request(.get, "/api/v1/auth/session", headers: Self.withCookie(token)).status == .unauthorized)
            #expect(try await harness.count("SELECT count(*)::int FROM sessions") == 0)

            let second = try await Self.signIn(harness, agent.email)
            let idle = try Self.sessionToken(second)
            #expect(try await harness.request(.get, "/api/v1/conversations", headers: Self.withCookie(idle)).status == .ok)
            _ = try await harness.count("WITH aged AS (UPDATE sessions SET last_seen_at = now() - interval '11 hours' RETURNING 1) SELECT count(*)::int FROM aged")
            // Used within the idle limit: it is kept alive, counted from now.
            #expect(try await harness.request(.get, "/api/v1/conversations", headers: Self.withCookie(idle)).status == .ok)
            #expect(try await harness.count("SELECT count(*)::int FROM sessions WHERE last_seen_at > now() - interval '1 minute'") == 1)
            _ = try await harness.count("WITH aged AS (UPDATE sessions SET last_seen_at = now() - interval '13 hours' RETURNING 1) SELECT count(*)::int FROM aged")
            let expired = try await harness.request(.get, "/api/v1/conversations", headers: Self.withCookie(idle))
            #expect(expired.status == .unauthorized)
            #expect(expired.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("failed sign-ins through login and session count together: the sixth attempt is 429 even with the right password, and sets no cookie")
    func lockout() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await Self.agentWithPassword(org)
            for attempt in 0..<5 {
                let path = attempt % 2 == 0 ? "/api/v1/auth/session" : "/api/v1/auth/login"
                let reply = try await harness.request(.post, path, json: #"{"email": "\#(agent.email)", "password": "guess \#(attempt)"}"#)
                #expect(reply.status == .unauthorized)
            }
            let locked = try await Self.signIn(harness, agent.email)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
            #expect(locked.headers[Self.setCookie] == nil)
            #expect(try await harness.count("SELECT count(*)::int FROM sessions") == 0)
        }
    }

    @Test("a body that is not a sign-in is 4xx problem+json naming the field")
    func badInput() async throws {
        try await Harness.run { harness in
            let missing = try await harness.request(.post, "/api/v1/auth/session", json: #"{"email": "a@example.org"}"#)
            #expect([400, 422].contains(missing.status.code))
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.text.contains("password"))
            let notJSON = try await harness.request(.post, "/api/v1/auth/session", json: "email=a")
            #expect(notJSON.status == .badRequest)
        }
    }
}
