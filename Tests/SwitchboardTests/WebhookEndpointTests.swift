import Crypto
import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Outbound webhooks against a real receiver on loopback: signed the Standard Webhooks way, retried on a
/// (shortened) schedule, dead when it is spent, sent again on request, and sent once across processes.
@Suite("Outbound webhooks")
struct WebhookEndpointTests {
    static func quickSchedule(_ steps: Int) -> WebhookSender.Settings {
        var settings = WebhookSender.Settings()
        settings.schedule = Array(repeating: .milliseconds(200), count: steps)
        settings.interval = .milliseconds(100)
        return settings
    }

    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while try await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
    }

    /// The Standard Webhooks check, written out as a receiver would: HMAC-SHA256 over "id.timestamp.body"
    /// keyed with the base64-decoded part of the secret after `whsec_`.
    static func verifies(_ received: CallbackRecorder.Received, secret: String) -> Bool {
        guard let id = received.headers[HTTPField.Name("webhook-id")!],
            let timestamp = received.headers[HTTPField.Name("webhook-timestamp")!],
            let signatures = received.headers[HTTPField.Name("webhook-signature")!],
            let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
        else { return false }
        let signed = Data(id.utf8) + Data(".".utf8) + Data(timestamp.utf8) + Data(".".utf8) + Data(received.body)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))).base64EncodedString()
        return signatures.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }

    @Test("500, 500, then 200: the same event three times with one webhook-id, and the signature verifies")
    func retriesUntilSuccess() async throws {
        let receiver = CallbackRecorder()
        await receiver.setAnswers([.internalServerError, .internalServerError], thenAlways: .ok)
        try await receiver.serve { url in
            try await Harness.run(events: Self.quickSchedule(8)) { harness in
                let org = try await harness.account()
                let created = try await harness.request(
                    .post, "/api/v1/webhook_endpoints", token: org.adminToken,
                    json: #"{"url": "\#(url)", "events": ["message.created"], "description": "CRM"}"#
                )
                #expect(created.status == .created, "\(created.text)")
                let secret = try #require(created.json["secret"]?.string)
                #expect(secret.hasPrefix("whsec_"))
                #expect(
                    try await harness.count("SELECT count(*)::int FROM webhook_endpoints WHERE secret LIKE '%\(secret.dropFirst(6))%'") == 0,
                    "the signing secret is stored encrypted"
                )
                let endpoint = try #require(created.json["id"]?.int)
                let shown = try await harness.request(.get, "/api/v1/webhook_endpoints/\(endpoint)", token: org.adminToken)
                #expect(shown.json["secret"] == nil, "the secret is shown once")
                #expect(shown.json["health"]?["status"]?.string == "healthy")

                let inbox = try #require(try await org.apiInbox()["id"]?.int)
                try await org.post(inbox: inbox, externalID: "m1", sender: "u1", content: "Hello there")
                try await Self.waitUntil { await receiver.received.count >= 3 }
                try await Task.sleep(for: .milliseconds(500))
                let received = await receiver.received
                #expect(received.count == 3)
                let ids = Set(received.compactMap { $0.headers[HTTPField.Name("webhook-id")!] })
                #expect(ids.count == 1)
                #expect(received.allSatisfy { Self.verifies($0, secret: secret) })
                #expect(!Self.verifies(received[0], secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()))
                let payload = try JSONDecoder().decode(JSONValue.self, from: Data(received[0].body))
                #expect(payload["type"]?.string == "message.created")
                #expect(payload["account_id"]?.int == org.id)
                #expect(payload["data"]?["content"]?.string == "Hello there")

                let deliveries = try await harness.request(
                    .get, "/api/v1/webhook_endpoints/\(endpoint)/deliveries", token: org.adminToken
                )
                let delivery = try #require(deliveries.json["items"]?[0])
                #expect(delivery["status"]?.string == "succeeded")
                #expect(delivery["attempts"]?.int == 3)
                #expect(delivery["last_status_code"]?.int == 200)
                #expect(delivery["event_type"]?.string == "message.created")
            }
        }
    }

    @Test("a receiver that never answers 2xx ends dead after the schedule; retry sends it again")
    func deadThenRetried() async throws {
        let receiver = CallbackRecorder()
        await receiver.setAnswer(.badGateway)
        try await receiver.serve { url in
            try await Harness.run(events: Self.quickSchedule(2)) { harness in
                let org = try await harness.account()
                let created = try await harness.request(
                    .post, "/api/v1/webhook_endpoints", token: org.adminToken, json: #"{"url": "\#(url)", "events": ["*"]}"#
                )
                let endpoint = try #require(created.json["id"]?.int)
                let agent = try await org.agent()
                _ = try await harness.request(
                    .patch, "/api/v1/agents/\(agent.id)", token: agent.token, json: #"{"availability": "busy"}"#
                )
                var delivery: JSONValue?
                try await Self.waitUntil {
                    let page = try await harness.request(
                        .get, "/api/v1/webhook_endpoints/\(endpoint)/deliveries", token: org.adminToken
                    )
                    delivery = page.json["items"]?.array.first { $0["event_type"]?.string == "agent.updated" }
                    return delivery?["status"]?.string == "dead"
                }
                #expect(delivery?["status"]?.string == "dead")
                #expect(delivery?["attempts"]?.int == 3)
                #expect(delivery?["last_status_code"]?.int == 502)
                let failing = try await harness.request(.get, "/api/v1/webhook_endpoints/\(endpoint)", token: org.adminToken)
                #expect(failing.json["health"]?["status"]?.string == "failing")

                await receiver.setAnswer(.noContent)
                let id = try #require(delivery?["id"]?.int)
                let retried = try await harness.request(
                    .post, "/api/v1/webhook_endpoints/\(endpoint)/deliveries/\(id)/retry", token: org.adminToken
                )
                #expect(retried.status == .accepted, "\(retried.text)")
                try await Self.waitUntil {
                    let page = try await harness.request(
                        .get, "/api/v1/webhook_endpoints/\(endpoint)/deliveries", token: org.adminToken
                    )
                    return page.json["items"]?.array.first { $0["id"]?.int == id }?["status"]?.string == "succeeded"
                }
                let healthy = try await harness.request(.get, "/api/v1/webhook_endpoints/\(endpoint)", token: org.adminToken)
                #expect(healthy.json["health"]?["status"]?.string == "healthy")
                let missing = try await harness.request(
                    .post, "/api/v1/webhook_endpoints/\(endpoint)/deliveries/999999/retry", token: org.adminToken
                )
                #expect(missing.status == .notFound)
            }
        }
    }

    @Test("410 Gone disables the endpoint and says so in its health")
    func goneDisables() async throws {
        let receiver = CallbackRecorder()
        await receiver.setAnswer(.gone)
        try await receiver.serve { url in
            try await Harness.run(events: Self.quickSchedule(3)) { harness in
                let org = try await harness.account()
                let created = try await harness.request(
                    .post, "/api/v1/webhook_endpoints", token: org.adminToken, json: #"{"url": "\#(url)", "events": ["*"]}"#
                )
                let endpoint = try #require(created.json["id"]?.int)
                let inbox = try #require(try await org.apiInbox()["id"]?.int)
                try await org.post(inbox: inbox, externalID: "m1", sender: "u1")
                var shown: JSONValue = .null
                try await Self.waitUntil {
                    shown = try await harness.request(.get, "/api/v1/webhook_endpoints/\(endpoint)", token: org.adminToken).json
                    return shown["enabled"]?.bool == false
                }
                #expect(shown["health"]?["status"]?.string == "disabled")
                #expect(shown["health"]?["disabled_reason"]?.string?.contains("410") == true)
                // Requests already on their way when the 410 came may arrive; nothing is sent after that.
                try await Task.sleep(for: .milliseconds(300))
                let sent = await receiver.received.count
                try await org.post(inbox: inbox, externalID: "m2", sender: "u2")
                try await Task.sleep(for: .seconds(1))
                #expect(await receiver.received.count == sent, "nothing more is sent to a disabled endpoint")
            }
        }
    }

    @Test("two processes on one database send each delivery once")
    func twoProcessesSendOnce() async throws {
        let receiver = CallbackRecorder()
        try await receiver.serve { url in
            try await Harness.run(events: Self.quickSchedule(3)) { first in
                try await Harness.run(databaseURL: first.databaseURL, events: Self.quickSchedule(3)) { second in
                    let org = try await first.account()
                    let created = try await first.request(
                        .post, "/api/v1/webhook_endpoints", token: org.adminToken,
                        json: #"{"url": "\#(url)", "events": ["message.created"]}"#
                    )
                    #expect(created.status == .created)
                    let inbox = try #require(try await org.apiInbox()["id"]?.int)
                    for index in 0..<30 {
                        let harness = index.isMultiple(of: 2) ? first : second
                        let reply = try await harness.request(
                            .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                            json: #"{"external_id": "m\#(index)", "sender": {"external_id": "u\#(index % 5)"}, "content": "n\#(index)"}"#
                        )
                        #expect(reply.status == .created || reply.status == .ok)
                    }
                    try await Self.waitUntil { await receiver.received.count >= 30 }
                    try await Task.sleep(for: .seconds(1))
                    let received = await receiver.received
                    let ids = received.compactMap { $0.headers[HTTPField.Name("webhook-id")!] }
                    #expect(received.count == 30)
                    #expect(Set(ids).count == 30)
                }
            }
        }
    }

    @Test("webhook and callback URLs on loopback, private or metadata addresses are refused without the switch")
    func privateAddressesRefused() async throws {
        try await Harness.run(allowPrivateURLs: false) { harness in
            let org = try await harness.account()
            for url in [
                "http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data", "http://localhost/hook",
                "http://10.1.2.3/x", "http://[::1]/x", "ftp://example.org/x",
            ] {
                let refused = try await harness.request(
                    .post, "/api/v1/webhook_endpoints", token: org.adminToken, json: #"{"url": "\#(url)", "events": ["*"]}"#
                )
                #expect(refused.status == .unprocessableContent, "\(url): \(refused.text)")
                #expect(refused.json["errors"]?[0]?["field"]?.string == "url")
            }
            let unknownType = try await harness.request(
                .post, "/api/v1/webhook_endpoints", token: org.adminToken,
                json: #"{"url": "https://hooks.example.org/x", "events": ["message.deleted"]}"#
            )
            #expect(unknownType.json["errors"]?[0]?["field"]?.string == "events[0]")
            let callback = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Partner", "channel": {"kind": "api", "config": {"callback_url": "http://127.0.0.1:9/hook", "secret": "0123456789abcdef"}}}"#
            )
            #expect(callback.status == .unprocessableContent, "\(callback.text)")
            #expect(callback.json["errors"]?[0]?["field"]?.string == "channel.config.callback_url")
            #expect(try await harness.count("SELECT count(*)::int FROM inboxes") == 0)
            let agent = try await org.agent()
            let forbidden = try await harness.request(.get, "/api/v1/webhook_endpoints", token: agent.token)
            #expect(forbidden.status == .forbidden)
        }
    }
}
