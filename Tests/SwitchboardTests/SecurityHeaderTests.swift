import HTTPTypes
import Testing

@testable import switchboard

@Suite("Security headers")
struct SecurityHeaderTests {
    @Test("every answer, errors included, carries nosniff and no-referrer, and HSTS behind an https public URL")
    func everyAnswer() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let answers = [
                try await harness.request(.get, "/health"),
                try await harness.request(.get, "/api/v1/inboxes", token: org.adminToken),
                try await harness.request(.get, "/api/v1/nothing-here", token: org.adminToken),
                try await harness.request(.get, "/api/v1/inboxes"),
            ]
            #expect(answers.map(\.status.code) == [200, 200, 404, 401])
            for answer in answers {
                #expect(answer.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(answer.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000")
            }
        }
    }
}
