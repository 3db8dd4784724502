import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// Replies against a local Graph API: the exact requests, and WhatsApp's errors read its way.
@Suite struct DeliveryTests {
    static let messagesPath = "/v21.0/\(Fixtures.phoneNumberID)/messages"
    static let mediaPath = "/v21.0/\(Fixtures.phoneNumberID)/media"
    static let sentID = "wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI1RkQ3QkY2MDk0QjFBNTc0QjUA"

    static func reply(
        _ content: String, to recipient: String? = "79161234567", attachments: [OutboundAttachment] = [],
        origin: String, config: [String: JSONValue?] = [:]
    ) -> OutboundMessage {
        var overrides = config
        overrides["api_base_url"] = .string(origin + "/v21.0")
        return OutboundMessage(
            messageID: 501, conversationID: 88, inbox: Fixtures.inbox(overrides), contactID: 12,
            contactName: "Иван Петров", recipientExternalID: recipient, recipientEmail: nil, content: content,
            sender: MessageSender(type: .agent, id: 3, name: "Ольга"), createdAt: Fixtures.receivedAt,
            attachments: attachments
        )
    }

    static func failure(_ message: OutboundMessage) async -> DeliveryFailure? {
        do {
            _ = try await Fixtures.connector.deliver(message)
            return nil
        } catch {
            return error
        }
    }

    @Test func textReplyIsOnePostWithBearerAndExactJSON() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("send-accepted.json", status: 200))
        try await graph.serve { origin in
            let receipt = try await Fixtures.connector.deliver(
                Self.reply("Добрый день! Посылка в пути 🚚", origin: origin))
            #expect(receipt.externalID == Self.sentID)
        }
        let received = await graph.received
        #expect(received.count == 1)
        let request = try #require(received.first)
        #expect(request.method == "POST")
        #expect(request.path == Self.messagesPath)
        #expect(request.headers["authorization"] == "Bearer \(Fixtures.accessToken)")
        #expect(request.headers["content-type"] == "application/json")
        #expect(
            try request.json()
                == .object([
                    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "79161234567",
                    "type": "text",
                    "text": .object(["preview_url": .bool(false), "body": "Добрый день! Посылка в пути 🚚"]),
                ])
        )
        #expect(request.text.contains("Добрый день! Посылка в пути 🚚"))
    }

    @Test func statusesOfTheSentMessageNameTheReceiptID() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("send-accepted.json", status: 200))
        let receipt = try await graph.serve { origin in
            try await Fixtures.connector.deliver(Self.reply("Готово", origin: origin))
        }
        let receiptID = try #require(receipt.externalID)
        let items = try Fixtures.items("statuses.json")
        #expect(items.contains(.receipt(externalID: receiptID, status: .delivered, error: nil)))
    }

    @Test func throughputLimitIsThrottledForAMinuteWithoutRetryAfter() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("error-rate-limit.json", status: 400))
        try await graph.serve { origin in
            let failure = await Self.failure(Self.reply("Привет", origin: origin))
            #expect(
                failure
                    == .throttled(
                        "(#130429) Rate limit hit: Cloud API message throughput has been reached.",
                        retryAfter: .seconds(60))
            )
        }
    }

    @Test func rateLimitUsesRetryAfterWhenGiven() async throws {
        let graph = FakeGraph()
        await graph.on(
            "POST", Self.messagesPath,
            try .fixture("error-pair-rate-limit.json", status: 400, headers: ["Retry-After": "17"])
        )
        try await graph.serve { origin in
            let failure = await Self.failure(Self.reply("Привет", origin: origin))
            guard case .throttled(let reason, let retryAfter) = failure else {
                Issue.record("expected throttled, got \(String(describing: failure))")
                return
            }
            #expect(retryAfter == .seconds(17))
            #expect(reason.contains("pair rate limit hit"))
        }
    }

    @Test func closedWindowIsPermanentWithWhatsAppsText() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("error-re-engagement.json", status: 400))
        try await graph.serve { origin in
            let failure = await Self.failure(Self.reply("Привет", origin: origin))
            #expect(
                failure
                    == .permanent(
                        "(#131047) Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number."
                    )
            )
        }
    }

    @Test func expiredTokenIsPermanentAndTheTokenIsNotInTheText() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("error-bad-token.json", status: 401))
        try await graph.serve { origin in
            let failure = await Self.failure(Self.reply("Привет", origin: origin))
            guard case .permanent(let reason) = failure else {
                Issue.record("expected permanent, got \(String(describing: failure))")
                return
            }
            #expect(reason.contains("Session has expired"))
            #expect(!reason.contains(Fixtures.accessToken))
        }
    }

    @Test func serverErrorsAreTemporary() async throws {
        let graph = FakeGraph()
        await graph.on(
            "POST", Self.messagesPath, .json("<html>Bad Gateway</html>", status: 502),
            try .fixture("error-unknown.json", status: 500)
        )
        try await graph.serve { origin in
            #expect(
                await Self.failure(Self.reply("Привет", origin: origin)) == .temporary("WhatsApp answered HTTP 502"))
            let second = await Self.failure(Self.reply("Привет", origin: origin))
            guard case .temporary(let reason) = second else {
                Issue.record("expected temporary, got \(String(describing: second))")
                return
            }
            #expect(reason.contains("Something went wrong"))
        }
    }

    @Test func unknownErrorCodeIsTemporaryEvenWithStatus400() async throws {
        let graph = FakeGraph()
        await graph.on("POST", Self.messagesPath, try .fixture("error-unknown.json", status: 400))
        try await graph.serve { origin in
            let failure = await Self.failure(Self.reply("Привет", origin: origin))
            guard case .temporary = failure else {
                Issue.record("expected temporary, got \(String(describing: failure))")
                return
            }
        }
    }

    @Test func unreachablePlatformIsTemporary() async throws {
        // A port that was free a moment ago: nothing listens there any more.
        let closedOrigin = try await FakeGraph().serve { origin in origin }
        let connector = Fixtures.connector(timeoutSeconds: 1)
        let failure: DeliveryFailure?
        do {
            _ = try await connector.deliver(Self.reply("Привет", origin: closedOrigin))
            failure = nil
        } catch {
            failure = error
        }
        guard case .temporary = failure else {
            Issue.record("expected temporary, got \(String(describing: failure))")
            return
        }
    }

    @Test func missingRecipientOrTokenIsPermanentWithoutARequest() async throws {
        let graph = FakeGraph()
        try await graph.serve { origin in
            let noRecipient = await Self.failure(Self.reply("Привет", to: nil, origin: origin))
            guard case .permanent = noRecipient else {
                Issue.record("expected permanent, got \(String(describing: noRecipient))")
                return
            }
            let noToken = await Self.failure(Self.reply("Привет", origin: origin, config: ["access_token": nil]))
            #expect(noToken == .permanent("the inbox has no access_token"))
        }
        #expect(await graph.received.isEmpty)
    }

    @Test func registrationIsManual() async {
        #expect(
            await Fixtures.connector.registerWebhook(
                url: "https://example.org/webhooks/wa7Kq2xYz", inbox: Fixtures.inbox()) == nil)
        #expect(Fixtures.connector.kind == .whatsapp)
    }
}
