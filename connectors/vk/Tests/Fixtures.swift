import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore
import Testing
import VKConnector

/// Sample Callback API bodies kept in `fixtures/`, and the inbox they are meant for.
enum Fixtures {
    static let groupID = "218421234"
    static let secret = "7hG2kP9xQm"
    static let confirmationCode = "d8v2ve07"
    static let accessToken = "vk1.a.community-token-never-shown"
    static let receivedAt = Date(timeIntervalSince1970: 1_700_009_999)

    static let connector = VKConnector(httpClient: HTTPClient.shared, timeout: .seconds(5))

    static func inbox(_ overrides: [String: JSONValue?] = [:]) -> Inbox {
        var config: [String: JSONValue] = [
            "group_id": .string(groupID), "access_token": .string(accessToken), "secret": .string(secret),
            "confirmation_code": .string(confirmationCode),
        ]
        for (key, value) in overrides { config[key] = value }
        return Inbox(
            id: 7, accountID: 1, uid: "vkInbox7", name: "VK help line", kind: .vk, config: config, teamID: nil,
            greetingTemplateID: nil, createdAt: receivedAt, updatedAt: receivedAt, deletedAt: nil
        )
    }

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

    static func request(_ body: String) -> ChannelRequest {
        ChannelRequest(
            method: "POST", path: "/webhooks/vkInbox7", headers: ["content-type": "application/json"], query: [:],
            body: Array(body.utf8), remoteAddress: "95.142.192.10"
        )
    }

    static func handle(_ body: String, inbox: Inbox = inbox()) throws -> WebhookOutcome {
        try connector.handleWebhook(request(body), inbox: inbox, receivedAt: receivedAt)
    }

    static func handleFixture(_ name: String, inbox: Inbox = inbox()) throws -> WebhookOutcome {
        try handle(try text(name), inbox: inbox)
    }

    /// The one customer message a fixture holds.
    static func message(_ name: String) throws -> InboundEvent {
        try message(in: handleFixture(name))
    }

    static func message(in outcome: WebhookOutcome) throws -> InboundEvent {
        try #require(outcome.items.count == 1)
        guard case .message(let event) = outcome.items[0] else {
            Issue.record("expected a message, got \(outcome.items[0])")
            throw FixtureError.notAMessage
        }
        return event
    }

    enum FixtureError: Error { case notAMessage }
}

extension String {
    /// The fixture with its `"secret": "…"` field replaced (or removed when `secret` is nil).
    func withSecret(_ secret: String?) -> String {
        let field = "\"secret\": \"\(Fixtures.secret)\""
        guard let secret else {
            return replacingOccurrences(of: ",\n  \(field)", with: "")
        }
        return replacingOccurrences(of: field, with: "\"secret\": \"\(secret)\"")
    }
}

/// An outgoing reply as the delivery worker hands it over.
func outbound(
    _ content: String, messageID: Int64 = 9001, recipient: String? = "1234567", inbox: Inbox,
    attachments: [OutboundAttachment] = []
) -> OutboundMessage {
    OutboundMessage(
        messageID: messageID, conversationID: 55, inbox: inbox, contactID: 12, contactName: "Иван Петров",
        recipientExternalID: recipient, recipientEmail: nil, content: content,
        sender: MessageSender(type: .agent, id: 3, name: "Ольга"), createdAt: Fixtures.receivedAt,
        attachments: attachments
    )
}
