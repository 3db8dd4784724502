import Foundation
import SwitchboardCore
import Testing
import VKConnector

/// VK proves a call with the `secret` field of its body; only `confirmation` may come without it.
@Suite struct WebhookProofTests {
    @Test func theRightSecretIsAcceptedAndTheEventParsed() throws {
        let outcome = try Fixtures.handleFixture("message_new_text.json")
        #expect(outcome.response == .ok)
        let event = try Fixtures.message(in: outcome)
        #expect(event.externalID == "vk:1234567:42")
    }

    @Test(arguments: ["wrong-secret", "7hG2kP9xQ", "7hG2kP9xQm ", "7HG2KP9XQM", ""])
    func aWrongSecretIsUnauthorized(secret: String) throws {
        let body = try Fixtures.text("message_new_text.json").withSecret(secret)
        #expect(throws: SwitchboardError.self) { try Fixtures.handle(body) }
        do {
            _ = try Fixtures.handle(body)
        } catch let error as SwitchboardError {
            guard case .unauthorized(let reason) = error else {
                Issue.record("expected unauthorized, got \(error)")
                return
            }
            #expect(!reason.contains(Fixtures.secret))
        }
    }

    @Test func aMissingSecretIsUnauthorized() throws {
        let body = try Fixtures.text("message_new_text.json").withSecret(nil)
        #expect(!body.contains("secret"))
        #expect(throws: SwitchboardError.unauthorized("the VK callback carries no secret")) {
            try Fixtures.handle(body)
        }
    }

    @Test func anInboxWithoutASecretKeyAcceptsNothing() throws {
        let inbox = Fixtures.inbox(["secret": nil])
        #expect(throws: SwitchboardError.self) { try Fixtures.handleFixture("message_new_text.json", inbox: inbox) }
        let empty = try Fixtures.text("message_new_text.json").withSecret("")
        #expect(throws: SwitchboardError.self) { try Fixtures.handle(empty, inbox: inbox) }
    }

    @Test(arguments: ["", "not json", "[1, 2, 3]", #"{"type": "message_new""#])
    func aBodyWithoutReadableProofIsUnauthorized(body: String) {
        #expect(throws: SwitchboardError.unauthorized("the VK callback carries no secret")) {
            try Fixtures.handle(body)
        }
    }

    @Test func confirmationIsAnsweredWithTheCodeAsPlainText() throws {
        let outcome = try Fixtures.handleFixture("confirmation.json")
        #expect(outcome.items.isEmpty)
        #expect(outcome.response.status == 200)
        #expect(outcome.response.body == Fixtures.confirmationCode)
        #expect(outcome.response.contentType.hasPrefix("text/plain"))
    }

    @Test func confirmationWithTheRightSecretIsAnswered() throws {
        let body = #"{"type": "confirmation", "group_id": 218421234, "secret": "7hG2kP9xQm"}"#
        #expect(try Fixtures.handle(body).response.body == Fixtures.confirmationCode)
    }

    @Test func confirmationWithAWrongSecretIsUnauthorized() {
        let body = #"{"type": "confirmation", "group_id": 218421234, "secret": "guess"}"#
        #expect(throws: SwitchboardError.self) { try Fixtures.handle(body) }
    }

    @Test func confirmationForAnotherCommunityIsUnauthorized() {
        #expect(throws: SwitchboardError.unauthorized("the VK confirmation is not for this inbox's community")) {
            try Fixtures.handle(#"{"type": "confirmation", "group_id": 1}"#)
        }
        #expect(throws: SwitchboardError.self) { try Fixtures.handle(#"{"type": "confirmation"}"#) }
        #expect(throws: SwitchboardError.self) {
            try Fixtures.handleFixture("confirmation.json", inbox: Fixtures.inbox(["group_id": nil]))
        }
    }

    @Test func confirmationWithoutAConfiguredCodeIsForbidden() {
        #expect(
            throws: SwitchboardError.forbidden("the inbox has no confirmation_code to answer VK's confirmation with")
        ) {
            try Fixtures.handleFixture("confirmation.json", inbox: Fixtures.inbox(["confirmation_code": nil]))
        }
    }

    @Test func aSignedEventForAnotherCommunityIsIgnored() throws {
        let body = try Fixtures.text("message_new_text.json").replacingOccurrences(
            of: #""group_id": 218421234"#, with: #""group_id": 99"#)
        let outcome = try Fixtures.handle(body)
        #expect(outcome.items == [.ignored("event for community 99, not this inbox's 218421234")])
        #expect(outcome.response == .ok)
    }
}
