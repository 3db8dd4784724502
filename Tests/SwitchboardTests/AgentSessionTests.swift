import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

/// An admin (or the agent) sees where an agent is signed in to the console and signs one browser out.
@Suite("Agent sessions")
struct AgentSessionTests {
    @Test("the agent's live sessions are listed without tokens, the caller's marked current; one is signed out at once")
    func listAndRevoke() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await ConsoleSessionTests.agentWithPassword(org)
            let laptop = try ConsoleSessionTests.sessionToken(try await ConsoleSessionTests.signIn(harness, agent.email))
            let phone = try ConsoleSessionTests.sessionToken(try await ConsoleSessionTests.signIn(harness, agent.email))
            let path = "/api/v1/agents/\(agent.id)/sessions"

            let own = try await harness.request(.get, path, headers: ConsoleSessionTests.withCookie(laptop))
            #expect(own.status == .ok)
            let items = try #require(own.json["items"]?.array)
            #expect(items.count == 2)
            #expect(items.compactMap { $0["current"]?.bool }.sorted { !$0 && $1 } == [false, true])
            #expect(!own.text.contains(laptop) && !own.text.contains(phone), "tokens are never shown")

            let listed = try await harness.request(.get, path, token: org.adminToken)
            #expect(listed.json["items"]?.array.compactMap { $0["current"]?.bool } == [false, false])
            let phoneID = try #require(
                try await harness.request(.get, path, headers: ConsoleSessionTests.withCookie(phone)).json["items"]?.array
                    .first { $0["current"]?.bool == true }?["id"]?.int
            )

            let outsider = try await org.agent()
            #expect(try await harness.request(.get, path, token: outsider.token).status == .forbidden)
            #expect(try await harness.request(.delete, "\(path)/\(phoneID)", token: outsider.token).status == .forbidden)
            let other = try await harness.account("Other")
            #expect(try await harness.request(.delete, "\(path)/\(phoneID)", token: other.adminToken).status == .notFound)

            let revoked = try await harness.request(.delete, "\(path)/\(phoneID)", token: org.adminToken)
            #expect(revoked.status == .noContent)
            let afterwards = try await harness.request(.get, "/api/v1/auth/session", headers: ConsoleSessionTests.withCookie(phone))
            #expect(afterwards.status == .unauthorized, "the phone is signed out at once")
            let stillIn = try await harness.request(.get, "/api/v1/auth/session", headers: ConsoleSessionTests.withCookie(laptop))
            #expect(stillIn.status == .ok, "the other session goes on")
            #expect(try await harness.request(.get, path, token: org.adminToken).json["items"]?.array.count == 1)
            #expect(try await harness.request(.delete, "\(path)/\(phoneID)", token: org.adminToken).status == .notFound)
        }
    }
}
