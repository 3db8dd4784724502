import Foundation
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// Updates other than new private messages: edits, blocking, and what the inbox ignores on purpose.
@Suite struct UpdateKindTests {
    @Test func editNamesTheOriginalMessage() throws {
        let original = try Fixtures.event("message-text.json")
        let items = try Fixtures.items("edited-message.json")
        #expect(
            items == [
                .edit(
                    externalID: original.externalID, content: "Здравствуйте! Нужна срочная помощь 🙏",
                    editedAt: Date(timeIntervalSince1970: 1_700_000_900)
                )
            ])
    }

    @Test func blockingTheBotMakesTheChatUnreachable() throws {
        #expect(
            try Fixtures.items("my-chat-member-kicked.json") == [
                .reachability(senderExternalID: "123456789", reachable: false, reason: "blocked the bot")
            ])
    }

    @Test func restartingTheBotMakesTheChatReachableAgain() throws {
        let items = try Fixtures.items("my-chat-member-member.json")
        #expect(items.count == 1)
        guard case .reachability(let sender, let reachable, _) = items.first else {
            Issue.record("expected reachability, got \(items)")
            return
        }
        #expect(sender == "123456789")
        #expect(reachable)
    }

    @Test func groupMessagesAreIgnoredWithTheReason() throws {
        let items = try Fixtures.items("message-group.json")
        #expect(items == [.ignored("message in a supergroup chat: only private chats with the bot are customers")])
    }

    @Test(arguments: [
        ("channel-post.json", "Telegram update of type channel_post is not handled"),
        ("callback-query.json", "Telegram update of type callback_query is not handled"),
        ("unknown-update.json", "Telegram update of type message_reaction is not handled"),
    ])
    func otherUpdatesAreIgnoredByName(fixture: String, reason: String) throws {
        #expect(try Fixtures.items(fixture) == [.ignored(reason)])
    }

    /// Zammad's test updates carry `bid` and `callback_token` beside `channel_post`: the reason names the kind.
    @Test func plainFieldsBesideTheKindAreNotTheKind() throws {
        let body = #"{"bid":"1","update_id":5,"callback_token":"x","channel_post":{"message_id":1,"date":1,"chat":{"id":-1,"type":"channel"}}}"#
        let items = try Fixtures.connector().handleWebhook(
            Fixtures.request(body: Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        ).items
        #expect(items == [.ignored("Telegram update of type channel_post is not handled")])
    }

    @Test func updateWithUnexpectedShapeIsIgnoredNotAnError() throws {
        let bodies = [
            #"{"update_id":9,"message":{"message_id":"not a number"}}"#,
            #"{"update_id":10}"#,
            #"{"update_id":11,"future_kind":{"anything":[1,2,3]}}"#,
        ]
        for body in bodies {
            let items = try Fixtures.connector().handleWebhook(
                Fixtures.request(body: Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
            ).items
            #expect(items.count == 1)
            switch items.first {
            case .ignored: break
            case .skipped(let skipped):
                // Kept with the body; an unreadable message is a person's, shown in the inbox's health.
                #expect(skipped.payload == body)
                #expect(skipped.fromPerson == body.contains("\"message\""), "\(body)")
            default: Issue.record("expected acknowledged and skipped for \(body), got \(items)")
            }
        }
    }

    @Test func serviceMessageInAPrivateChatIsIgnored() throws {
        let body = """
            {"update_id":12,"message":{"message_id":70,"from":{"id":555,"is_bot":false,"first_name":"Ира"},
            "chat":{"id":555,"type":"private"},"date":1700000000,
            "pinned_message":{"message_id":69,"chat":{"id":555,"type":"private"},"date":1699999999,"text":"x"}}}
            """
        let items = try Fixtures.connector().handleWebhook(
            Fixtures.request(body: Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        ).items
        #expect(items == [.ignored("service message in a private chat carries nothing to show")])
    }
}
