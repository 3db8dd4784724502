import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Replies go out through send_message")
struct DeliveryTests {
    let connector = ViberConnector(httpClient: .shared, timeout: .seconds(5))

    static func reply(
        _ content: String, base: String, to recipient: String? = "pttm25kSGUo1919sBORWyA==",
        config: [String: JSONValue] = [:], attachments: [OutboundAttachment] = []
    ) -> OutboundMessage {
        var config = config
        config["api_base_url"] = .string("\(base)/pa")
        return OutboundMessage(
            messageID: 42, conversationID: 9, inbox: Fixtures.inbox(config: config), contactID: 3,
            contactName: "Анна Ковальчук 🌻", recipientExternalID: recipient, recipientEmail: nil, content: content,
            sender: MessageSender(type: .agent, id: 5, name: "Olena"), createdAt: Fixtures.receivedAt,
            attachments: attachments
        )
    }

    private func failure(_ work: () async throws(DeliveryFailure) -> DeliveryReceipt) async -> DeliveryFailure? {
        do throws(DeliveryFailure) {
            _ = try await work()
            return nil
        } catch {
            return error
        }
    }

    @Test("a text reply is one POST to send_message with the auth header and Viber's JSON body")
    func sendText() async throws {
        let viber = FakeViber()
        try await viber.serve { base in
            let receipt = try await connector.deliver(Self.reply("Добрий день! Чим допомогти? 🙂", base: base))
            #expect(receipt.externalID == "5741311803571721087")
        }
        let received = await viber.received
        let request = try #require(received.first)
        #expect(received.count == 1)
        #expect(request.method == .post)
        #expect(request.path == "/pa/send_message")
        #expect(request.headers[.init("X-Viber-Auth-Token")!] == Fixtures.authToken)
        #expect(request.headers[.contentType] == "application/json")
        let json = try #require(request.json)
        #expect(json["receiver"] as? String == "pttm25kSGUo1919sBORWyA==")
        #expect(json["min_api_version"] as? Int == 1)
        #expect(json["sender"] as? [String: String] == ["name": "Help line"])
        #expect(json["tracking_data"] as? String == "42")
        #expect(json["type"] as? String == "text")
        #expect(json["text"] as? String == "Добрий день! Чим допомогти? 🙂")
        #expect(Set(json.keys) == ["receiver", "min_api_version", "sender", "tracking_data", "type", "text"])
    }

    @Test("the sender shows the configured avatar, and a name cut to Viber's 28 characters")
    func senderAvatarAndName() async throws {
        let viber = FakeViber()
        try await viber.serve { base in
            let config: [String: JSONValue] = [
                "bot_name": .string("Гаряча лінія психологічної підтримки"),
                "bot_avatar": .string("https://help.example.org/avatar.jpg"),
            ]
            _ = try await connector.deliver(Self.reply("Привіт", base: base, config: config))
        }
        let json = try #require(await viber.received.first?.json)
        let sender = try #require(json["sender"] as? [String: String])
        #expect(sender["avatar"] == "https://help.example.org/avatar.jpg")
        #expect(sender["name"] == String("Гаряча лінія психологічної підтримки".prefix(28)))
    }

    @Test("a reply longer than 7,000 characters goes out as several messages, in order")
    func longReply() async throws {
        let paragraph = String(repeating: "Слово ", count: 900)  // 5,400 characters
        let text = paragraph + "\n" + paragraph
        let viber = FakeViber()
        await viber.enqueue(
            .json(#"{"status":0,"status_message":"ok","message_token":1001}"#),
            .json(#"{"status":0,"status_message":"ok","message_token":1002}"#)
        )
        try await viber.serve { base in
            let receipt = try await connector.deliver(Self.reply(text, base: base))
            #expect(receipt.externalID == "1002")
        }
        let texts = await viber.received.compactMap { $0.json?["text"] as? String }
        #expect(texts == [paragraph, paragraph])
        #expect(texts.allSatisfy { $0.utf16.count <= 7000 })
    }

    @Test("the text goes out when a reply has attachments too; a reply of only attachments is refused")
    func attachments() async throws {
        let file = OutboundAttachment(name: "guide.pdf", contentType: "application/pdf", data: Array("%PDF".utf8))
        let viber = FakeViber()
        try await viber.serve { base in
            _ = try await connector.deliver(Self.reply("See the guide", base: base, attachments: [file]))
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("  ", base: base, attachments: [file]))
            }
            guard case .permanent(let reason) = failure else {
                Issue.record("expected a permanent failure, got \(String(describing: failure))")
                return
            }
            #expect(reason.contains("attachments"))
        }
        let received = await viber.received
        #expect(received.count == 1)
        #expect(received.first?.json?["text"] as? String == "See the guide")
    }

    @Test("an unsubscribed receiver is a permanent failure with Viber's words")
    func notSubscribed() async throws {
        let viber = FakeViber()
        await viber.answerAlways(.json(#"{"status":6,"status_message":"notSubscribed","chat_hostname":"SN-CHAT-05_"}"#))
        try await viber.serve { base in
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            #expect(failure == .permanent("notSubscribed (Viber status 6)"))
        }
    }

    @Test("a refused token is permanent and the error does not carry the token")
    func invalidToken() async throws {
        let viber = FakeViber()
        await viber.answerAlways(.json(#"{"status":2,"status_message":"invalidAuthToken"}"#))
        try await viber.serve { base in
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            #expect(failure == .permanent("invalidAuthToken (Viber status 2)"))
            #expect(failure?.reason.contains(Fixtures.authToken) == false)
        }
    }

    @Test("too many requests waits the minute Viber's rate window takes")
    func tooManyRequests() async throws {
        let viber = FakeViber()
        await viber.answerAlways(.json(#"{"status":12,"status_message":"tooManyRequests"}"#))
        try await viber.serve { base in
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            #expect(failure == .throttled("tooManyRequests (Viber status 12)", retryAfter: .seconds(60)))
        }
    }

    @Test("an HTTP 429 waits as long as its Retry-After says")
    func http429() async throws {
        let viber = FakeViber()
        var reply = FakeViber.Reply.json("{}", status: .tooManyRequests)
        reply.headers[.retryAfter] = "17"
        await viber.answerAlways(reply)
        try await viber.serve { base in
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            guard case .throttled(_, let delay) = failure else {
                Issue.record("expected throttled, got \(String(describing: failure))")
                return
            }
            #expect(delay == .seconds(17))
        }
    }

    @Test("Viber's general error and HTTP 5xx are temporary")
    func temporary() async throws {
        let viber = FakeViber()
        await viber.enqueue(
            .json(#"{"status":99,"status_message":"General error"}"#),
            .json("<html>Bad gateway</html>", status: .badGateway)
        )
        try await viber.serve { base in
            let general = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            #expect(general == .temporary("General error (Viber status 99)"))
            let gateway = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            #expect(gateway == .temporary("Viber answered HTTP 502 (send_message)"))
        }
    }

    @Test("a 200 answer that is not Viber's JSON is temporary")
    func unreadableAnswer() async throws {
        let viber = FakeViber()
        await viber.answerAlways(.json("<html>maintenance</html>"))
        try await viber.serve { base in
            let failure = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base))
            }
            guard case .temporary = failure else {
                Issue.record("expected temporary, got \(String(describing: failure))")
                return
            }
        }
    }

    @Test("an unreachable API is temporary")
    func unreachable() async {
        let failure = await failure { () async throws(DeliveryFailure) in
            try await connector.deliver(Self.reply("Hello", base: "http://127.0.0.1:1"))
        }
        guard case .temporary = failure else {
            Issue.record("expected temporary, got \(String(describing: failure))")
            return
        }
    }

    @Test("without recipient, token or text nothing is sent")
    func refusedBeforeSending() async throws {
        let viber = FakeViber()
        try await viber.serve { base in
            let noRecipient = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base, to: nil))
            }
            #expect(noRecipient == .permanent("the contact has no Viber user id on this inbox"))
            let noToken = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("Hello", base: base, config: ["auth_token": .null]))
            }
            #expect(noToken == .permanent("the inbox has no auth_token to send Viber messages with"))
            let empty = await failure { () async throws(DeliveryFailure) in
                try await connector.deliver(Self.reply("\n ", base: base))
            }
            #expect(empty == .permanent("the reply is empty"))
        }
        #expect(await viber.received.isEmpty)
    }
}
