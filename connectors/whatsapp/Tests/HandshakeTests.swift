import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// The GET Meta makes when the callback URL is saved in the app dashboard.
@Suite struct HandshakeTests {
    private func answer(_ query: [String: String], inbox: Inbox = Fixtures.inbox()) throws -> WebhookOutcome {
        try Fixtures.connector.handleWebhook(Fixtures.get(query: query), inbox: inbox, receivedAt: Fixtures.receivedAt)
    }

    private func failure(_ query: [String: String], inbox: Inbox = Fixtures.inbox()) -> SwitchboardError? {
        do {
            _ = try answer(query, inbox: inbox)
            return nil
        } catch {
            return error as? SwitchboardError
        }
    }

    @Test func rightTokenEchoesTheChallengeAsPlainText() throws {
        let outcome = try answer([
            "hub.mode": "subscribe", "hub.verify_token": Fixtures.verifyToken, "hub.challenge": "1158201444",
        ])
        #expect(outcome.items.isEmpty)
        #expect(outcome.response.status == 200)
        #expect(outcome.response.body == "1158201444")
        #expect(outcome.response.contentType.hasPrefix("text/plain"))
    }

    @Test func wrongTokenIsForbidden() {
        let error = failure(["hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"])
        guard case .forbidden = error else {
            Issue.record("expected forbidden, got \(String(describing: error))")
            return
        }
    }

    @Test func otherModeIsForbidden() {
        let error = failure([
            "hub.mode": "unsubscribe", "hub.verify_token": Fixtures.verifyToken, "hub.challenge": "1158201444",
        ])
        guard case .forbidden = error else {
            Issue.record("expected forbidden, got \(String(describing: error))")
            return
        }
    }

    @Test func inboxWithoutVerifyTokenRefusesEvenAnEmptyToken() {
        let error = failure(
            ["hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1158201444"],
            inbox: Fixtures.inbox(["verify_token": nil])
        )
        guard case .forbidden = error else {
            Issue.record("expected forbidden, got \(String(describing: error))")
            return
        }
    }

    @Test func plainGetIsMalformed() {
        let error = failure([:])
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test func rightTokenWithoutChallengeIsMalformed() {
        let error = failure(["hub.mode": "subscribe", "hub.verify_token": Fixtures.verifyToken])
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test func forbiddenTextDoesNotRevealTheToken() {
        let error = failure(["hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"])
        #expect(!"\(String(describing: error))".contains(Fixtures.verifyToken))
    }
}
