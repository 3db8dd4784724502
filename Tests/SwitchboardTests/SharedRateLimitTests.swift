import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardAPI
import SwitchboardCore
import Testing

@testable import switchboard

/// Two `serve` processes on one database share each limit instead of each granting all of it: a
/// balancer spreading a flood over N processes must not multiply what gets through by N.
@Suite("Rate limits across processes")
struct SharedRateLimitTests {
    /// A process that counts its peers every 100 ms and allows each API token 6 requests a minute.
    static func serve(_ url: String, port: Int) throws -> some ApplicationProtocol {
        try CrossProcessDeliveryTests.serve(url, delivers: false, port: port) { settings in
            settings.censusInterval = .milliseconds(100)
            settings.rateLimits = RateLimits(apiPerMinute: 6)
        }
    }

    @Test("a form limit of 4 a minute and an API limit of 6 hold for two processes together, with Retry-After")
    func limitsHoldAcrossProcesses() async throws {
        let url = try await TestDatabases.shared.create()
        let a = try Self.serve(url, port: 1)
        let b = try Self.serve(url, port: 2)
        try await a.test(.router) { a in
            try await b.test(.router) { b in
                let token = try await bootstrapAdminToken(url, account: "Org", email: "admin@example.org")
                // Both processes have counted each other (each beats every 100 ms).
                try await Task.sleep(for: .milliseconds(600))

                let inbox = try await CrossProcessDeliveryTests.request(
                    a, .post, "/api/v1/inboxes", token: token,
                    json: #"{"name": "Help form", "channel": {"kind": "webform", "config": {"rate_limit_per_minute": 4}}}"#
                )
                let uid = try #require(inbox.json["uid"]?.string, "\(inbox.status) \(inbox.text)")
                var accepted = 0
                var refusals: [Reply] = []
                for attempt in 0..<8 {
                    let server = attempt.isMultiple(of: 2) ? a : b
                    let reply = try await server.execute(
                        uri: "/forms/\(uid)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: "message=help+\(attempt)&name=Olena")
                    ) { Reply(status: $0.status, headers: $0.headers, body: $0.body) }
                    if reply.status == .tooManyRequests {
                        refusals.append(reply)
                    } else {
                        #expect(reply.status.code < 400, "\(reply.status) \(reply.text)")
                        accepted += 1
                    }
                }
                #expect(accepted == 4, "each process admitted its half of the form's 4 a minute")
                #expect(refusals.count == 4)
                #expect(refusals.allSatisfy { Int($0.headers[.retryAfter] ?? "") ?? 0 > 0 })

                // The API limit is per token; the inbox creation above was the first request of this minute.
                var answered = 1
                for attempt in 0..<8 {
                    let server = attempt.isMultiple(of: 2) ? b : a
                    let reply = try await CrossProcessDeliveryTests.request(server, .get, "/api/v1/inboxes", token: token)
                    if reply.status == .tooManyRequests {
                        #expect(reply.headers[.contentType] == "application/problem+json")
                    } else {
                        #expect(reply.status == .ok)
                        answered += 1
                    }
                }
                #expect(answered == 6, "6 requests a minute for the token, across both processes")
            }
        }
    }
}
