import Foundation
import SwitchboardCore
import Testing
import VKConnector

/// Events other than a new message: each is an item the server applies, or ignored with its reason.
@Suite struct EventItemTests {
    @Test(arguments: ["message_reply.json", "message_edit.json"])
    func echoesOfCommunityMessagesAreIgnored(fixture: String) throws {
        let outcome = try Fixtures.handleFixture(fixture)
        #expect(outcome.items == [.ignored("echo of a community message")])
        #expect(outcome.response == .ok)
    }

    @Test func aCustomersEditNamesTheMessageItChanges() throws {
        let original = try Fixtures.message("message_new_text.json")
        let outcome = try Fixtures.handleFixture("message_edit_customer.json")
        #expect(
            outcome.items == [
                .edit(
                    externalID: original.externalID, content: "Здравствуйте! Заказ №123 пришёл, спасибо 🙏",
                    editedAt: Date(timeIntervalSince1970: 1_700_000_700))
            ])
        #expect(outcome.response == .ok)
    }

    @Test func allowingMessagesMakesTheUserReachable() throws {
        let outcome = try Fixtures.handleFixture("message_allow.json")
        #expect(
            outcome.items == [
                .reachability(
                    senderExternalID: "1234567", reachable: true, reason: "allowed messages from the community")
            ])
        #expect(outcome.response.body == "ok")
    }

    @Test func denyingMessagesMakesTheUserUnreachable() throws {
        let outcome = try Fixtures.handleFixture("message_deny.json")
        #expect(
            outcome.items == [
                .reachability(
                    senderExternalID: "1234567", reachable: false, reason: "disallowed messages from the community")
            ])
    }

    @Test func typingIsIgnored() throws {
        #expect(try Fixtures.handleFixture("message_typing_state.json").items == [.ignored("typing")])
    }

    @Test func otherEventsAreIgnoredWithTheirType() throws {
        let outcome = try Fixtures.handleFixture("group_join.json")
        #expect(outcome.items == [.ignored("VK event group_join is not handled")])
        #expect(outcome.response == .ok)
        let unknown = #"{"type": "something_new", "group_id": 218421234, "object": [], "secret": "7hG2kP9xQm"}"#
        #expect(try Fixtures.handle(unknown).items == [.ignored("VK event something_new is not handled")])
        let untyped = #"{"group_id": 218421234, "secret": "7hG2kP9xQm"}"#
        #expect(try Fixtures.handle(untyped).items == [.ignored("VK event without a type")])
    }

    @Test func theConnectorIsTheVKKindAndRegistersNothing() async {
        #expect(Fixtures.connector.kind == .vk)
        let registration = await Fixtures.connector.registerWebhook(
            url: "https://help.example/webhooks/vkInbox7", inbox: Fixtures.inbox())
        #expect(registration == nil)
    }
}
