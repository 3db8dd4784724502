import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// An inbox's external bot, against a real receiver on loopback: it hears of new conversations through its
/// webhook endpoint, answers through the API as `sender.type: bot`, hands over with `PATCH status: open`;
/// when its deliveries die, the conversation goes to people by itself.
@Suite("External bot hand-off")
struct BotHandoffTests {
    static func settings(botAttempts: Int = 3) -> WebhookSender.Settings {
        var settings = WebhookEndpointTests.quickSchedule(3)
        settings.botSchedule = Array(repeating: .milliseconds(200), count: botAttempts)
        return settings
    }

    static func botInbox(_ org: TestAccount, endpoint: Int64, extra: String = "") async throws -> Int64 {
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"{"name": "Bot line", "channel": {"kind": "api", "config": {}}, "bot": {"webhook_endpoint_id": \#(endpoint)}\#(extra)}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else { throw TestSetupError("inbox: \(reply.text)") }
        #expect(reply.json["bot"]?["webhook_endpoint_id"]?.int == endpoint)
        return id
    }

    static func endpoint(_ org: TestAccount, url: String) async throws -> Int64 {
        let created = try await org.harness.request(
            .post, "/api/v1/webhook_endpoints", token: org.adminToken,
            json: #"{"url": "\#(url)", "events": ["conversation.created", "message.created"], "description": "Triage bot"}"#
        )
        guard let id = created.json["id"]?.int else { throw TestSetupError("endpoint: \(created.text)") }
        return id
    }

    @Test("the bot hears the message, answers as a bot (no human first response), hands over with PATCH status: open; assignment follows")
    func handoff() async throws {
        let receiver = CallbackRecorder()
        try await receiver.serve { url in
            try await Harness.run(events: Self.settings()) { harness in
                let org = try await harness.account()
                let agent = try await org.agent()
                _ = try await harness.request(.patch, "/api/v1/agents/\(agent.id)", token: org.adminToken, json: #"{"availability": "online"}"#)
                _ = try await harness.request(.patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#)
                let endpoint = try await Self.endpoint(org, url: url)
                let inbox = try await Self.botInbox(org, endpoint: endpoint, extra: #", "assignment": {"policy": "round_robin"}"#)

                let posted = try await org.post(inbox: inbox, externalID: "b1", sender: "person", content: "I need help")
                let id = try #require(posted.json["conversation_id"]?.int)
                var conversation = try await IntakeTests.conversation(org, id)
                #expect(conversation["status"]?.string == "pending")
                #expect(conversation["intake"]?["state"]?.string == "running" && conversation["intake"]?["bot"]?.bool == true)
                #expect(conversation["assignee_id"]?.isNull == true)

                func heard() async -> [JSONValue] {
                    await receiver.received.compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.body)) }
                }
                // Each event is a delivery of its own: they may arrive in any order.
                try await WebhookEndpointTests.waitUntil {
                    let events = await heard()
                    return events.contains { $0["type"]?.string == "message.created" && $0["data"]?["content"]?.string == "I need help" }
                        && events.contains { $0["type"]?.string == "conversation.created" }
                }
                #expect(await heard().contains { $0["type"]?.string == "message.created" && $0["conversation_id"]?.int == id })
                #expect(await heard().contains { $0["type"]?.string == "conversation.created" && $0["data"]?["status"]?.string == "pending" })

                let answer = try await harness.request(
                    .post, "/api/v1/conversations/\(id)/messages", token: org.adminToken,
                    json: #"{"content": "Hello, I am the triage bot. What happened?", "sender_type": "bot"}"#
                )
                #expect(answer.status == .created, "\(answer.text)")
                #expect(answer.json["sender"]?["type"]?.string == "bot")
                #expect(answer.json["delivery_status"]?.string == "queued")
                #expect(try await harness.count("SELECT count(*)::int FROM outbox") == 1)
                #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE first_human_reply_at IS NOT NULL") == 0)
                #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE kind LIKE 'inactivity%'") == 0)

                try await org.post(inbox: inbox, externalID: "b2", sender: "person", content: "My flat was flooded")
                #expect(try await IntakeTests.conversation(org, id)["assignee_id"]?.isNull == true, "still the bot's")

                let handed = try await harness.request(
                    .patch, "/api/v1/conversations/\(id)", token: org.adminToken, json: #"{"status": "open"}"#
                )
                #expect(handed.status == .ok, "\(handed.text)")
                #expect(handed.json["intake"]?["state"]?.string == "handed_off")
                #expect(handed.json["intake"]?["handoff_reason"]?.string == "bot")
                try await WebhookEndpointTests.waitUntil { try await IntakeTests.conversation(org, id)["assignee_id"]?.int == agent.id }
                conversation = try await IntakeTests.conversation(org, id)
                #expect(conversation["assignee_id"]?.int == agent.id)

                let late = try await harness.request(
                    .post, "/api/v1/conversations/\(id)/messages", token: org.adminToken,
                    json: #"{"content": "One more thing", "sender_type": "bot"}"#
                )
                #expect(late.status == .conflict, "the bot has handed over")
                let plain = try #require(try await org.apiInbox()["id"]?.int)
                let other = try #require(try await org.post(inbox: plain, externalID: "p1", sender: "x").json["conversation_id"]?.int)
                let stray = try await harness.request(
                    .post, "/api/v1/conversations/\(other)/messages", token: org.adminToken,
                    json: #"{"content": "Hi", "sender_type": "bot"}"#
                )
                #expect(stray.status == .conflict, "an inbox without a bot takes no bot messages")
                #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE sender_type = 'bot'") == 1)
            }
        }
    }

    @Test("a bot that cannot be reached: its deliveries die on the short schedule and the conversation opens by itself")
    func deadBot() async throws {
        let receiver = CallbackRecorder()
        await receiver.setAnswer(.internalServerError)
        try await receiver.serve { url in
            try await Harness.run(events: Self.settings(botAttempts: 2)) { harness in
                let org = try await harness.account()
                let endpoint = try await Self.endpoint(org, url: url)
                let inbox = try await Self.botInbox(org, endpoint: endpoint)
                let id = try #require(
                    try await org.post(inbox: inbox, externalID: "d1", sender: "stranded", content: "Anyone?").json["conversation_id"]?.int
                )
                try await WebhookEndpointTests.waitUntil {
                    try await IntakeTests.conversation(org, id)["status"]?.string == "open"
                }
                let conversation = try await IntakeTests.conversation(org, id)
                #expect(conversation["status"]?.string == "open")
                #expect(conversation["intake"]?["handoff_reason"]?.string == "bot_failed")
                #expect(try await harness.count("SELECT count(*)::int FROM webhook_deliveries WHERE status = 'dead'") >= 1)
                #expect(try await harness.count("SELECT max(attempts)::int FROM webhook_deliveries") == 3, "three attempts, then dead")
            }
        }
    }

    @Test("a bot must be an endpoint of the account and not beside a questionnaire; removing it hands its conversations over")
    func validationAndRemoval() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let missing = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "B", "channel": {"kind": "api", "config": {}}, "bot": {"webhook_endpoint_id": 424242}}"#
            )
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["errors"]?[0]?["field"]?.string == "bot.webhook_endpoint_id")
            let endpoint = try await Self.endpoint(org, url: "http://127.0.0.1:9/hooks")
            let both = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "B", "channel": {"kind": "api", "config": {}}, "bot": {"webhook_endpoint_id": \#(endpoint)}, "intake": {"questions": [{"attribute": "a", "prompt": "A?", "kind": "text"}]}}"#
            )
            #expect(both.status == .unprocessableContent)
            #expect(both.json["errors"]?[0]?["field"]?.string == "bot")

            let inbox = try await Self.botInbox(org, endpoint: endpoint)
            let id = try #require(try await org.post(inbox: inbox, externalID: "v1", sender: "w").json["conversation_id"]?.int)
            let removed = try await harness.request(.patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken, json: #"{"bot": null}"#)
            #expect(removed.status == .ok)
            #expect(removed.json["bot"]?.isNull == true)
            let conversation = try await IntakeTests.conversation(org, id)
            #expect(conversation["status"]?.string == "open")
            #expect(conversation["intake"]?["handoff_reason"]?.string == "bot_removed")
            // New conversations of the inbox no longer wait for a bot.
            let next = try #require(try await org.post(inbox: inbox, externalID: "v2", sender: "z").json["conversation_id"]?.int)
            #expect(try await IntakeTests.conversation(org, next)["intake"]?.isNull == true)
        }
    }
}
