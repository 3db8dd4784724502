import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Two `serve` processes on one database: a reply queued by one is sent by the other's worker at once,
/// woken by PostgreSQL's LISTEN/NOTIFY, not at its next poll.
@Suite("Delivery across processes")
struct CrossProcessDeliveryTests {
    /// One `serve` process as `buildApplication` assembles it, on its own database client; `configure`
    /// changes its settings further.
    static func serve(
        _ url: String, delivers: Bool, port: Int, configure: (inout ServeSettings) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var settings = ServeSettings()
        settings.port = port
        settings.delivers = delivers
        settings.delivery.pollInterval = .seconds(60)
        configure(&settings)
        var logger = Logger(label: "switchboard.test-serve-\(port)")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: try DatabaseURL.configuration(url), backgroundLogger: TestDatabases.logger)
        return buildApplication(client: client, settings: settings, metrics: TestMetrics.registry, logger: logger)
    }

    static func request(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String,
        json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        headers[.authorization] = "Bearer \(token)"
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) {
            Reply(status: $0.status, headers: $0.headers, body: $0.body)
        }
    }

    @Test("a reply posted to process A is delivered by process B's worker (A's is off) long before B's one-minute poll")
    func replyQueuedByOneProcessIsSentByAnother() async throws {
        let url = try await TestDatabases.shared.create()
        let telegram = StandInTelegram()
        try await telegram.serve { base in
            let b = try Self.serve(url, delivers: true, port: 1)
            let a = try Self.serve(url, delivers: false, port: 2)
            try await b.test(.router) { _ in
                try await a.test(.router) { a in
                    let token = try await bootstrapAdminToken(url, account: "Org", email: "admin@example.org")
                    let inbox = try await Self.request(
                        a, .post, "/api/v1/inboxes", token: token,
                        json: #"""
                            {"name": "Bot", "channel": {"kind": "telegram", "config": {"bot_token": "\#(TelegramWebhookTests.token)",
                              "secret_token": "\#(TelegramWebhookTests.secret)", "api_base_url": "\#(base)"}}}
                            """#
                    )
                    let uid = try #require(inbox.json["uid"]?.string, "\(inbox.status) \(inbox.text)")
                    let update = try await a.execute(
                        uri: "/webhooks/\(uid)", method: .post,
                        headers: [
                            .contentType: "application/json",
                            HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: TelegramWebhookTests.secret,
                        ],
                        body: ByteBuffer(string: TelegramWebhookTests.textUpdate(id: 1, messageID: 1, text: "Hi"))
                    ) { $0.status }
                    #expect(update == .ok)
                    let list = try await Self.request(a, .get, "/api/v1/conversations", token: token)
                    let conversation = try #require(list.json["items"]?[0]?["id"]?.int)

                    let posted = ContinuousClock.now
                    let reply = try await Self.request(
                        a, .post, "/api/v1/conversations/\(conversation)/messages", token: token,
                        json: #"{"content": "Добрий день! Чим допомогти?"}"#
                    )
                    #expect(reply.status == .created)
                    var status: String?
                    while ContinuousClock.now - posted < .seconds(15) {
                        let messages = try await Self.request(a, .get, "/api/v1/conversations/\(conversation)/messages", token: token)
                        status = messages.json["items"]?[1]?["delivery_status"]?.string
                        if status == "sent" { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(status == "sent", "B's worker sent the reply without waiting for its poll")
                    #expect(ContinuousClock.now - posted < .seconds(15))
                    #expect(await telegram.received == ["Добрий день! Чим допомогти?"])
                }
            }
        }
    }
}
