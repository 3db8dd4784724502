import Foundation
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// Telegram proves a call with the secret token it was given at `setWebhook`; nothing else is trusted.
@Suite struct WebhookProofTests {
    @Test func correctSecretTokenIsAcceptedAndParsed() throws {
        let items = try Fixtures.items("message-text.json")
        #expect(items.count == 1)
        guard case .message(let event) = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
        #expect(event.externalID == "123456789:42")
    }

    @Test(arguments: [nil, "", "wrong-token", Fixtures.secretToken + "x", String(Fixtures.secretToken.dropLast())])
    func missingOrWrongSecretTokenIsUnauthorized(presented: String?) throws {
        let request = Fixtures.request(body: try Fixtures.bytes("message-text.json"), secret: presented)
        do {
            _ = try Fixtures.connector().handleWebhook(
                request, inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt)
            Issue.record("a call with the token \(presented ?? "nil") was accepted")
        } catch SwitchboardError.unauthorized(let reason) {
            #expect(!reason.contains(Fixtures.secretToken))
        }
    }

    @Test func inboxWithoutSecretTokenAcceptsNothing() throws {
        let inbox = Fixtures.inbox(config: ["bot_token": .string(Fixtures.botToken)])
        for presented in [nil, "", Fixtures.secretToken] {
            let request = Fixtures.request(body: try Fixtures.bytes("message-text.json"), secret: presented)
            #expect(
                throws: SwitchboardError.unauthorized(
                    "the X-Telegram-Bot-Api-Secret-Token header is missing or does not match the inbox's secret_token"
                )
            ) {
                try Fixtures.connector().handleWebhook(request, inbox: inbox, receivedAt: Fixtures.receivedAt)
            }
        }
    }

    @Test func proofIsCheckedBeforeTheBodyIsRead() {
        let request = Fixtures.request(body: Array("not json".utf8), secret: "wrong")
        #expect(
            throws: SwitchboardError.unauthorized(
                "the X-Telegram-Bot-Api-Secret-Token header is missing or does not match the inbox's secret_token"
            )
        ) {
            try Fixtures.connector().handleWebhook(request, inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt)
        }
    }

    /// Refusing it would only make Telegram resend the same bytes and hold back later updates meanwhile.
    @Test func verifiedButUnreadableBodyIsKeptAsUnreadable() throws {
        for body in ["not json", "[1,2]", "", "{\"update_id\":"] {
            let request = Fixtures.request(body: Array(body.utf8))
            let outcome = try Fixtures.connector().handleWebhook(
                request, inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
            )
            #expect(
                outcome.items == [
                    .skipped(SkippedPayload(.unreadable, reason: "the update is not a JSON object", payload: body))
                ], "\(body)"
            )
            #expect(outcome.response == .ok)
        }
    }

    @Test func answerIsPlainOk() throws {
        let outcome = try Fixtures.connector().handleWebhook(
            Fixtures.request(body: try Fixtures.bytes("channel-post.json")), inbox: Fixtures.inbox(),
            receivedAt: Fixtures.receivedAt
        )
        #expect(outcome.response == .ok)
    }
}
