import Foundation
import HTTPTypes
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

@Suite("Automated messages")
struct AutomationTests {
    /// An api inbox greeting with a template; returns the inbox id.
    static func greetingInbox(_ org: TestAccount) async throws -> Int64 {
        let template = try await org.harness.request(
            .post, "/api/v1/templates", token: org.adminToken,
            json: #"{"name": "Greeting", "shortcode": "hello", "body": "Hello {{contact.first_name}}, we are here.", "variants": {"ru": "Здравствуйте, {{contact.first_name}}!"}}"#
        )
        let templateID = try #require(template.json["id"]?.int)
        let inbox = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"{"name": "Line", "channel": {"kind": "api", "config": {}}, "greeting_template_id": \#(templateID)}"#
        )
        return Int64(try #require(inbox.json["id"]?.int))
    }

    static func automatedMessages(_ harness: Harness) async throws -> Int {
        try await harness.count("SELECT count(*)::int FROM messages WHERE sender_type = 'automation'")
    }

    @Test("a new conversation is greeted once, in the contact's language; later messages and auto-replies are not")
    func greeting() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.greetingInbox(org)
            let scheduler = harness.assembly.automationScheduler()
            let first = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                json: #"{"external_id": "m1", "sender": {"external_id": "ivan", "name": "Иван Петров", "language": "ru"}, "content": "Помогите"}"#
            )
            let conversation = try #require(first.json["conversation_id"]?.int)
            #expect(try await scheduler.tick() == 1)
            #expect(try await scheduler.tick() == 0)
            try await org.post(inbox: inbox, externalID: "m2", sender: "ivan", content: "Ещё вопрос")
            #expect(try await scheduler.tick() == 0)

            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let greeting = try #require(messages.json["items"]?[1])
            #expect(greeting["content"]?.string == "Здравствуйте, Иван!")
            #expect(greeting["sender"]?["type"]?.string == "automation")
            #expect(greeting["delivery_status"]?.string == "queued")
            #expect(try await harness.count("SELECT count(*)::int FROM outbox") == 1)
            #expect(
                try await harness.count("SELECT count(*)::int FROM conversations WHERE first_reply_at IS NOT NULL") == 0,
                "an automated greeting is not an agent's first response"
            )

            // An auto-reply (email's "I am away") opens a conversation but gets no greeting: no mail loops.
            let line = try #require(try await harness.store.inbox(id: inbox, accountID: org.id))
            let away = InboundEvent(
                externalID: "ooo-1", sender: InboundSender(externalID: "robot"), content: "I am out of office",
                rawPayload: "", isAutomated: true
            )
            let result = try await IngestPipeline(store: harness.store).ingest(away, into: line)
            #expect(result.conversationCreated)
            #expect(try await scheduler.tick() == 0)
            #expect(try await Self.automatedMessages(harness) == 1)
        }
    }

    @Test("a restart between the due time and the send sends exactly once; two schedulers never double it")
    func exactlyOnce() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.greetingInbox(org)
            try await org.post(inbox: inbox, externalID: "a", sender: "anna", name: "Anna")

            // A process claims the job and dies before sending: the claim is a lease, nothing is written.
            let crashed = try await harness.store.claimDueAutomations(now: Date(), limit: 10, lease: .seconds(60))
            #expect(crashed.count == 1)
            let meanwhile = harness.assembly.automationScheduler()
            #expect(try await meanwhile.tick() == 0, "the claim is still held")

            // After the lease, the next process (a restart) sends it — once, even with two running at once.
            let later = Date().addingTimeInterval(61)
            let one = harness.assembly.automationScheduler(now: { later })
            let two = harness.assembly.automationScheduler(now: { later })
            async let a = one.tick()
            async let b = two.tick()
            let sent = try await a + b
            #expect(sent == 1)
            #expect(try await Self.automatedMessages(harness) == 1)

            // The crashed process coming back to its stale claim cannot send a second one.
            #expect(try await harness.store.completeAutomation(jobID: crashed[0].id, content: "late") == false)
            #expect(try await Self.automatedMessages(harness) == 1)
        }
    }

    @Test("a snoozed conversation reopens when its time comes")
    func snoozeWakeUp() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let posted = try await org.post(inbox: inbox, externalID: "s1", sender: "sam")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let until = Date().addingTimeInterval(3600)
            let snoozed = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken,
                json: #"{"status": "snoozed", "snoozed_until": "\#(ISO8601DateFormatter().string(from: until))"}"#
            )
            #expect(snoozed.status == .ok)
            _ = try await harness.assembly.automationScheduler().tick()
            let still = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(still.json["status"]?.string == "snoozed")

            let afterwards = until.addingTimeInterval(1)
            _ = try await harness.assembly.automationScheduler(now: { afterwards }).tick()
            let woken = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(woken.json["status"]?.string == "open")
            #expect(woken.json["snoozed_until"] == .null)
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'conversation.woken'") == 1)
        }
    }
}
