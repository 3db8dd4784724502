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
            #expect(try await harness.store.completeAutomation(jobID: crashed[0].id, content: "late", now: later) == false)
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

    @Test("resolving sends the farewell then the survey; '5', '5 спасибо!' and 👍 become ratings; a later message is a new request")
    func farewellAndSatisfaction() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let farewell = try await org.template("bye", "Thank you, {{contact.first_name}}!")
            let survey = try await org.template("csat", "How did we do? Reply with a number from 1 to 5.")
            let created = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Line", "channel": {"kind": "api", "config": {}}, "automations": {"farewell_template_id": \#(farewell), "csat_template_id": \#(survey)}}"#
            )
            #expect(created.json["automations"]?["csat_window_hours"]?.int == 24)
            let inbox = Int64(try #require(created.json["id"]?.int))
            let scheduler = harness.assembly.automationScheduler()

            /// Opens a conversation for `sender`, resolves it and runs the scheduler; returns its id.
            func resolvedConversation(_ sender: String, _ name: String) async throws -> Int64 {
                let posted = try await org.post(inbox: inbox, externalID: "\(sender)-1", sender: sender, name: name, content: "Help")
                let id = Int64(try #require(posted.json["conversation_id"]?.int))
                let resolved = try await harness.request(
                    .patch, "/api/v1/conversations/\(id)", token: org.adminToken, json: #"{"status": "resolved"}"#
                )
                #expect(resolved.status == .ok)
                #expect(try await scheduler.tick() == 2)
                return id
            }

            let first = try await resolvedConversation("ivan", "Ivan")
            let sent = try await harness.request(.get, "/api/v1/conversations/\(first)/messages", token: org.adminToken)
            #expect(sent.json["items"]?.array.compactMap { $0["content"]?.string } == [
                "Help", "Thank you, Ivan!", "How did we do? Reply with a number from 1 to 5.",
            ])

            try await org.post(inbox: inbox, externalID: "ivan-2", sender: "ivan", content: "5")
            let rated = try await harness.request(.get, "/api/v1/conversations/\(first)", token: org.adminToken)
            #expect(rated.json["csat"]?["rating"]?.int == 5)
            #expect(rated.json["csat"]?["comment"] == .null)
            #expect(rated.json["status"]?.string == "resolved", "a rating does not reopen the conversation")

            let second = try await resolvedConversation("olha", "Olha")
            try await org.post(inbox: inbox, externalID: "olha-2", sender: "olha", content: "5 спасибо!")
            let withComment = try await harness.request(.get, "/api/v1/conversations/\(second)", token: org.adminToken)
            #expect(withComment.json["csat"]?["rating"]?.int == 5)
            #expect(withComment.json["csat"]?["comment"]?.string == "спасибо")

            let third = try await resolvedConversation("petro", "Petro")
            try await org.post(inbox: inbox, externalID: "petro-2", sender: "petro", content: "👍")
            let thumbs = try await harness.request(.get, "/api/v1/conversations/\(third)", token: org.adminToken)
            #expect(thumbs.json["csat"]?["rating"]?.int == 5)

            // Rated already: the next message, even a bare number, is a new request.
            #expect(try await harness.count("SELECT count(*)::int FROM conversations") == 3)
            let again = try await org.post(inbox: inbox, externalID: "ivan-3", sender: "ivan", content: "3")
            #expect(again.json["conversation_id"]?.int != first)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations") == 4)
            let unchanged = try await harness.request(.get, "/api/v1/conversations/\(first)", token: org.adminToken)
            #expect(unchanged.json["csat"]?["rating"]?.int == 5)

            // An ordinary answer to the survey is a new request, not a rating.
            let fourth = try await resolvedConversation("maria", "Maria")
            let words = try await org.post(inbox: inbox, externalID: "maria-2", sender: "maria", content: "I have another question")
            #expect(words.json["conversation_id"]?.int != fourth)
            let notRated = try await harness.request(.get, "/api/v1/conversations/\(fourth)", token: org.adminToken)
            #expect(notRated.json["csat"] == .null)
        }
    }

    @Test("survey answers are read as ratings only when they are one")
    func satisfactionParsing() {
        #expect(SatisfactionReply.parse("5") == SatisfactionReply(rating: 5, comment: nil))
        #expect(SatisfactionReply.parse(" 4 - ok, thanks ") == SatisfactionReply(rating: 4, comment: "ok, thanks"))
        #expect(SatisfactionReply.parse("5/5 супер") == SatisfactionReply(rating: 5, comment: "супер"))
        #expect(SatisfactionReply.parse("👎 too slow") == SatisfactionReply(rating: 1, comment: "too slow"))
        #expect(SatisfactionReply.parse("12 people need help") == nil)
        #expect(SatisfactionReply.parse("5th floor") == nil)
        #expect(SatisfactionReply.parse("6") == nil)
        #expect(SatisfactionReply.parse("thanks") == nil)
    }

    @Test("outside the inbox's working hours in Kyiv (evenings, weekends, holidays) the out-of-office message replaces the greeting")
    func outOfOffice() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let greeting = try await org.template("hello", "Hello, we are reading your message.")
            let away = try await org.template("away", "We are closed now and answer from 09:00.")
            let bad = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Line", "channel": {"kind": "api", "config": {}}, "automations": {"office_hours": {"time_zone": "Mars/Olympus", "weekly": {"mon": [["18:00", "09:00"]]}, "holidays": ["soon"]}}}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.json["errors"]?.array.compactMap { $0["field"]?.string } ?? []) == [
                "automations.office_hours.time_zone", "automations.office_hours.weekly.mon[0]", "automations.office_hours.holidays[0]",
            ])
            let created = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"""
                    {"name": "Line", "channel": {"kind": "api", "config": {}}, "greeting_template_id": \#(greeting),
                     "automations": {"out_of_office_template_id": \#(away), "office_hours": {"time_zone": "Europe/Kyiv",
                       "weekly": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],
                                  "thu": [["09:00", "18:00"]], "fri": [["09:00", "13:00"], ["14:00", "18:00"]]},
                       "holidays": ["2025-12-25"]}}}
                    """#
            )
            #expect(created.status == .created)
            #expect(created.json["automations"]?["office_hours"]?["time_zone"]?.string == "Europe/Kyiv")
            let inboxID = Int64(try #require(created.json["id"]?.int))
            let inbox = try #require(try await harness.store.inbox(id: inboxID, accountID: org.id))
            let scheduler = harness.assembly.automationScheduler()

            // Kyiv is UTC+2 in winter.
            let moments: [(String, TimeInterval, String)] = [
                ("Monday 10:00 in Kyiv", 1_763_971_200, "Hello, we are reading your message."),  // 2025-11-24 08:00 UTC
                ("Monday 18:30 in Kyiv", 1_764_001_800, "We are closed now and answer from 09:00."),  // 16:30 UTC
                ("Friday 13:30 in Kyiv (lunch)", 1_764_329_400, "We are closed now and answer from 09:00."),  // 2025-11-28 11:30 UTC
                ("Saturday noon in Kyiv", 1_764_410_400, "We are closed now and answer from 09:00."),  // 2025-11-29 10:00 UTC
                ("Christmas, a Thursday, 11:00 in Kyiv", 1_766_653_200, "We are closed now and answer from 09:00."),  // 2025-12-25 09:00 UTC
            ]
            for (index, (label, seconds, expected)) in moments.enumerated() {
                let pipeline = IngestPipeline(store: harness.store, now: { Date(timeIntervalSince1970: seconds) })
                let result = try await pipeline.ingest(
                    InboundEvent(externalID: "m\(index)", sender: InboundSender(externalID: "p\(index)"), content: "Hi", rawPayload: ""),
                    into: inbox
                )
                #expect(try await scheduler.tick() == 1, "\(label)")
                let messages = try await harness.request(
                    .get, "/api/v1/conversations/\(result.conversationID)/messages", token: org.adminToken
                )
                #expect(messages.json["items"]?[1]?["content"]?.string == expected, "\(label)")
            }
        }
    }
}
