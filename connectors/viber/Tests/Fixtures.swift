import AsyncHTTPClient
import Foundation
import SwitchboardCore

@testable import ViberConnector

/// Sample callbacks kept in `fixtures/`, byte for byte as Viber posts them, and the inbox they go to.
enum Fixtures {
    static let authToken = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"
    static let receivedAt = Date(timeIntervalSince1970: 1_700_001_000)

    static func inbox(config extra: [String: JSONValue] = [:], name: String = "Help line") -> Inbox {
        var config: [String: JSONValue] = ["auth_token": .string(authToken), "bot_name": .string("Help line")]
        config.merge(extra) { $1 }
        return Inbox(
            id: 7, accountID: 1, uid: "vbQ3x9Lm2", name: name, kind: .viber, config: config, teamID: nil,
            greetingTemplateID: nil, createdAt: receivedAt, updatedAt: receivedAt, deletedAt: nil
        )
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The copied resource folder; the source folder when run without the bundle.
    static var directory: URL {
        if let bundled = Bundle.module.url(forResource: "fixtures", withExtension: nil) { return bundled }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures")
    }

    /// A callback as Viber posts it: the body signed with the bot's token in `X-Viber-Content-Signature`.
    static func signed(_ body: [UInt8], token: String = authToken) -> ChannelRequest {
        request(body, headers: ["x-viber-content-signature": ViberSignature.sign(body, authToken: token)])
    }

    static func request(_ body: [UInt8], headers: [String: String] = [:], query: [String: String] = [:])
        -> ChannelRequest
    {
        var headers = headers
        headers["content-type"] = "application/json"
        return ChannelRequest(
            method: "POST", path: "/webhooks/vbQ3x9Lm2", headers: headers, query: query, body: body,
            remoteAddress: "203.0.113.9"
        )
    }

    /// What the connector makes of a signed fixture.
    static func items(_ fixture: String) throws -> [WebhookItem] {
        let connector = ViberConnector(httpClient: .shared)
        return try connector.handleWebhook(signed(try bytes(fixture)), inbox: inbox(), receivedAt: receivedAt).items
    }

    /// The one message a signed fixture carries.
    static func message(_ fixture: String) throws -> InboundEvent {
        let items = try items(fixture)
        guard items.count == 1, case .message(let event) = items[0] else {
            throw FixtureError.notAMessage(items)
        }
        return event
    }

    enum FixtureError: Error { case notAMessage([WebhookItem]) }
}
