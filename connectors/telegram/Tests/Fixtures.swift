import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

@testable import TelegramConnector

/// Sample webhook bodies and Bot API answers kept in `fixtures/`, written from the Bot API documentation.
enum Fixtures {
    static let secretToken = "s3cr3t-Token_for-tests"
    static let botToken = "7000000001:AAE-test_token_Xy9"
    static let receivedAt = Date(timeIntervalSince1970: 1_700_050_000)
    /// Anna's private chat with the bot, which is also her user id.
    static let chatID = "123456789"

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// The copied resource folder; the source folder when run without the bundle.
    static var directory: URL {
        if let bundled = Bundle.module.url(forResource: "fixtures", withExtension: nil) { return bundled }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures")
    }

    static func inbox(config: [String: JSONValue]? = nil, apiBaseURL: String? = nil) -> Inbox {
        var config = config ?? ["bot_token": .string(botToken), "secret_token": .string(secretToken)]
        if let apiBaseURL { config["api_base_url"] = .string(apiBaseURL) }
        return Inbox(
            id: 7, accountID: 1, uid: "tg7Hq2", name: "Help line bot", kind: .telegram, config: config, teamID: nil,
            greetingTemplateID: nil, createdAt: receivedAt, updatedAt: receivedAt, deletedAt: nil
        )
    }

    /// A webhook call as Telegram makes it: a POST with the secret token header.
    static func request(body: [UInt8], secret: String? = secretToken) -> ChannelRequest {
        var headers = ["content-type": "application/json"]
        if let secret { headers["x-telegram-bot-api-secret-token"] = secret }
        return ChannelRequest(
            method: "POST", path: "/webhooks/tg7Hq2", headers: headers, query: [:], body: body,
            remoteAddress: "149.154.167.220"
        )
    }

    static func connector() -> TelegramConnector {
        TelegramConnector(httpClient: .shared, timeout: .seconds(5))
    }

    /// The items a verified call with this fixture becomes.
    static func items(_ fixture: String) throws -> [WebhookItem] {
        try connector().handleWebhook(request(body: bytes(fixture)), inbox: inbox(), receivedAt: receivedAt).items
    }

    /// The one customer message a fixture carries; fails the test otherwise.
    static func event(_ fixture: String) throws -> InboundEvent {
        let items = try items(fixture)
        guard items.count == 1, case .message(let event) = items[0] else {
            throw FixtureError.notAMessage(items)
        }
        return event
    }

    static func reply(
        _ content: String, to recipient: String? = chatID, attachments: [OutboundAttachment] = [], inbox: Inbox
    ) -> OutboundMessage {
        OutboundMessage(
            messageID: 900, conversationID: 31, inbox: inbox, contactID: 12, contactName: "Анна Петрова",
            recipientExternalID: recipient, recipientEmail: nil, content: content,
            sender: MessageSender(type: .agent, id: 3, name: "Ольга"), createdAt: receivedAt, attachments: attachments
        )
    }

    /// The failure an operation ends in; nil when it succeeds.
    static func failure<Value>(of operation: () async throws(DeliveryFailure) -> Value) async -> DeliveryFailure? {
        do {
            _ = try await operation()
            return nil
        } catch {
            return error
        }
    }

    enum FixtureError: Error {
        case notAMessage([WebhookItem])
    }
}
