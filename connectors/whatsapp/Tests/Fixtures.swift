import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

@testable import WhatsAppConnector

/// Notification bodies in `fixtures/`, as Meta posts them, and an inbox configured like a real one.
enum Fixtures {
    static let phoneNumberID = "106540352242922"
    static let accessToken = "EAAJtestTOKEN0123456789"
    static let appSecret = "9f86d081884c7d659a2feaa0c55ad015"
    static let verifyToken = "switchboard-verify-4b1d"
    static let receivedAt = Date(timeIntervalSince1970: 1_732_370_999)

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The copied resource folder; the source folder when run without the bundle.
    static var directory: URL {
        if let bundled = Bundle.module.url(forResource: "fixtures", withExtension: nil) { return bundled }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures")
    }

    static func inbox(_ overrides: [String: JSONValue?] = [:]) -> Inbox {
        var config: [String: JSONValue] = [
            "phone_number_id": .string(phoneNumberID),
            "access_token": .string(accessToken),
            "app_secret": .string(appSecret),
            "verify_token": .string(verifyToken),
        ]
        for (key, value) in overrides { config[key] = value }
        return Inbox(
            id: 7, accountID: 1, uid: "wa7Kq2xYz", name: "WhatsApp support", kind: .whatsapp, config: config,
            teamID: nil, greetingTemplateID: nil, createdAt: receivedAt, updatedAt: receivedAt, deletedAt: nil
        )
    }

    /// A POST as Meta sends it: the body signed with the app secret, unless a header is given.
    static func post(_ body: [UInt8], signature: String?? = .none) -> ChannelRequest {
        var headers = ["content-type": "application/json"]
        switch signature {
        case .none: headers["x-hub-signature-256"] = WebhookSignature.sign(body, appSecret: appSecret)
        case .some(.some(let value)): headers["x-hub-signature-256"] = value
        case .some(.none): break
        }
        return ChannelRequest(
            method: "POST", path: "/webhooks/wa7Kq2xYz", headers: headers, query: [:], body: body,
            remoteAddress: "173.252.95.1"
        )
    }

    static func get(query: [String: String]) -> ChannelRequest {
        ChannelRequest(
            method: "GET", path: "/webhooks/wa7Kq2xYz", headers: [:], query: query, body: [],
            remoteAddress: "173.252.95.1"
        )
    }

    static var connector: WhatsAppConnector { connector(timeoutSeconds: 5) }

    static func connector(timeoutSeconds: Int64) -> WhatsAppConnector {
        WhatsAppConnector(httpClient: .shared, timeout: .seconds(timeoutSeconds))
    }

    /// Parses a fixture posted with a valid signature.
    static func items(_ name: String, inbox: Inbox = inbox()) throws -> [WebhookItem] {
        try connector.handleWebhook(post(try bytes(name)), inbox: inbox, receivedAt: receivedAt).items
    }

    static func items(json: String, inbox: Inbox = inbox()) throws -> [WebhookItem] {
        try connector.handleWebhook(post(Array(json.utf8)), inbox: inbox, receivedAt: receivedAt).items
    }

    /// The one message a fixture carries.
    static func message(_ name: String) throws -> InboundEvent {
        let items = try items(name)
        guard items.count == 1, case .message(let event) = items[0] else {
            throw FixtureError("expected one message in \(name), got \(items)")
        }
        return event
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension WebhookItem {
    /// The reason of an item acknowledged without being stored, skipped on purpose or not.
    var ignoredReason: String? {
        switch self {
        case .ignored(let reason): reason
        case .skipped(let skipped): skipped.reason
        default: nil
        }
    }

    var skippedPayload: SkippedPayload? {
        guard case .skipped(let skipped) = self else { return nil }
        return skipped
    }
}
