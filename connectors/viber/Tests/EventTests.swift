import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Viber events besides messages")
struct EventTests {
    @Test("delivered, seen and failed are receipts naming the message token")
    func receipts() throws {
        #expect(
            try Fixtures.items("delivered.json") == [
                .receipt(externalID: "4912661846655238145", status: .delivered, error: nil)
            ])
        #expect(
            try Fixtures.items("seen.json") == [.receipt(externalID: "4912661846655238145", status: .read, error: nil)])
        #expect(
            try Fixtures.items("failed.json")
                == [.receipt(externalID: "4912661846655238145", status: .failed, error: "failure description")]
        )
    }

    @Test("a receipt names the same id a message with that token carries")
    func receiptMatchesMessageID() throws {
        let message = try Fixtures.message("message-text.json")
        guard case .receipt(let id, _, _) = try Fixtures.items("seen.json").first else {
            Issue.record("seen is not a receipt")
            return
        }
        #expect(id == message.externalID)
    }

    @Test("subscribing makes the person reachable, unsubscribing unreachable")
    func subscriptions() throws {
        #expect(
            try Fixtures.items("subscribed.json")
                == [.reachability(senderExternalID: "01234567890A=", reachable: true, reason: "subscribed to the bot")]
        )
        #expect(
            try Fixtures.items("unsubscribed.json")
                == [
                    .reachability(
                        senderExternalID: "01234567890A=", reachable: false, reason: "unsubscribed from the bot")
                ]
        )
    }

    @Test("opening the chat without writing is ignored with the reason")
    func conversationStarted() throws {
        let items = try Fixtures.items("conversation-started.json")
        guard items.count == 1, case .ignored(let reason) = items[0] else {
            Issue.record("expected one ignored item, got \(items)")
            return
        }
        #expect(reason.contains("conversation_started"))
    }

    @Test("Viber's webhook check is answered 200 ok and stores nothing")
    func webhookCheck() throws {
        let connector = ViberConnector(httpClient: .shared)
        let outcome = try connector.handleWebhook(
            Fixtures.signed(try Fixtures.bytes("webhook.json")), inbox: Fixtures.inbox(),
            receivedAt: Fixtures.receivedAt
        )
        #expect(outcome.response.status == 200)
        #expect(outcome.response.body == "ok")
        guard outcome.items.count == 1, case .ignored = outcome.items[0] else {
            Issue.record("expected one ignored item, got \(outcome.items)")
            return
        }
    }

    @Test("an unknown event is ignored, naming the event")
    func unknownEvent() throws {
        #expect(try Fixtures.items("unknown-event.json") == [.ignored("unknown Viber event \"client_status\"")])
    }

    @Test("callbacks missing what they need are ignored, never errors")
    func incomplete() throws {
        let connector = ViberConnector(httpClient: .shared)
        let bodies = [
            "{}",
            #"{"event":42}"#,
            #"{"event":"message","message_token":1,"message":{"type":"text","text":"no sender"}}"#,
            #"{"event":"message","sender":{"id":"u1"},"message":{"type":"text","text":"no token"}}"#,
            #"{"event":"message","message_token":1,"sender":{"id":"u1"}}"#,
            #"{"event":"delivered","user_id":"u1"}"#,
            #"{"event":"subscribed","user":{}}"#,
            #"{"event":"unsubscribed","user_id":""}"#,
        ]
        for body in bodies {
            let outcome = try connector.handleWebhook(
                Fixtures.signed(Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
            )
            #expect(outcome.items.count == 1, "\(body) gave \(outcome.items)")
            switch outcome.items.first {
            case .ignored: #expect(!body.contains(#""event":"message""#), "a person's message is never merely ignored")
            case .skipped(let skipped):
                // A person's message we cannot read is kept with its body and shown as theirs.
                #expect(skipped.fromPerson && skipped.category == .unreadable && skipped.payload == body, "\(body)")
            default: Issue.record("\(body) gave \(outcome.items)")
            }
        }
    }

    @Test("a failure without description still says it failed")
    func failedWithoutDescription() throws {
        let connector = ViberConnector(httpClient: .shared)
        let body = #"{"event":"failed","message_token":8,"user_id":"u1"}"#
        let outcome = try connector.handleWebhook(
            Fixtures.signed(Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        )
        #expect(
            outcome.items == [.receipt(externalID: "8", status: .failed, error: "Viber could not deliver the message")])
    }
}
