import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

/// The intake bot end to end: through a Telegram stand-in (buttons) and the api channel (numbered options),
/// with the rules, assignment, reminders and reports around it.
@Suite("Intake questionnaire")
struct IntakeTests {
    /// The help line's questionnaire: age, topic, consent, in English with Ukrainian prompts.
    static let helpLine = #"""
        {"questions": [
           {"attribute": "age", "prompt": "How old are you?", "kind": "number", "min": 10, "max": 99, "required": true},
           {"attribute": "topic", "prompt": "What is it about?", "kind": "choice", "choices": ["Family", "Work", "Health"], "required": true},
           {"attribute": "consent", "prompt": "May we keep notes?", "kind": "yes_no", "required": true}],
         "variants": {"uk": ["Скільки вам років?", "Про що йдеться?", "Чи можемо ми вести нотатки?"]},
         "handoff_keywords": ["operator", "оператор"]}
        """#

    static func messages(_ org: TestAccount, _ conversation: Int64) async throws -> [JSONValue] {
        try await org.harness.request(.get, "/api/v1/conversations/\(conversation)/messages?limit=100", token: org.adminToken).json["items"]?.array
            ?? []
    }

    static func conversation(_ org: TestAccount, _ id: Int64) async throws -> JSONValue {
        try await org.harness.request(.get, "/api/v1/conversations/\(id)", token: org.adminToken).json
    }

    static func apiInbox(_ org: TestAccount, intake: String, extra: String = "") async throws -> Int64 {
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"{"name": "Help line", "channel": {"kind": "api", "config": {}}, "intake": \#(intake)\#(extra)}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else { throw TestSetupError("inbox: \(reply.text)") }
        return id
    }

    @Test("Telegram: three questions in the contact's language, a wrong age asked again, buttons for the choices; the minor rule runs after the intake, not before")
    func telegramRun() async throws {
        try await Harness.run(events: .init()) { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await TelegramWebhookTests.inbox(org, base: base)
                let patched = try await harness.request(
                    .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken, json: #"{"intake": \#(Self.helpLine)}"#
                )
                #expect(patched.status == .ok, "\(patched.text)")
                #expect(patched.json["intake"]?["questions"]?[1]?["choices"]?[2]?.string == "Health")
                let youth = try await org.template("youth", "Please write to the youth line: @youth_help")
                let rule = try await harness.request(
                    .post, "/api/v1/rules", token: org.adminToken,
                    json: #"""
                        {"name": "Minors to the youth line", "events": ["conversation_created"],
                         "conditions": [{"field": "contact.attributes.age", "operator": "<", "value": 18}],
                         "actions": [{"type": "send_template", "template_id": \#(youth)}, {"type": "add_label", "label": "minor"}]}
                        """#
                )
                #expect(rule.status == .created, "\(rule.text)")
                await platform.answer(
                    "/sendMessage",
                    with: .json(#"{"ok":true,"result":{"message_id":77,"chat":{"id":42,"type":"private"},"date":1763900100,"text":"x"}}"#)
                )
                let worker = harness.assembly.deliveryWorker(DeliveryWorker.Settings())
                var update = 100
                func say(_ text: String) async throws {
                    update += 1
                    let reply = try await TelegramWebhookTests.update(
                        harness, uid: inbox.uid, TelegramWebhookTests.textUpdate(id: update, messageID: update, text: text)
                    )
                    #expect(reply.status == .ok)
                    _ = try await worker.runOnce()
                }

                try await say("Привіт")
                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let id = try #require(list.json["items"]?[0]?["id"]?.int)
                var conversation = try await Self.conversation(org, id)
                #expect(conversation["status"]?.string == "pending")
                #expect(conversation["intake"]?["state"]?.string == "running")
                #expect(conversation["labels"]?.array.isEmpty == true, "no rule before the intake ends")
                var sent = await platform.requests(endingWith: "/sendMessage")
                #expect(sent.last?.json["text"] as? String == "Скільки вам років?")
                #expect(sent.last?.json["reply_markup"] == nil)

                try await say("двадцять")
                sent = await platform.requests(endingWith: "/sendMessage")
                #expect(sent.last?.json["text"] as? String == "Будь ласка, дайте відповідь числом від 10 до 99.\n\nСкільки вам років?")

                try await say("16")
                sent = await platform.requests(endingWith: "/sendMessage")
                #expect(sent.last?.json["text"] as? String == "Про що йдеться?")
                let markup = sent.last?.json["reply_markup"] as? [String: Any]
                let rows = markup?["keyboard"] as? [[[String: Any]]]
                #expect(rows?.compactMap { $0.first?["text"] as? String } == ["Family", "Work", "Health"])
                #expect(markup?["one_time_keyboard"] as? Bool == true)

                try await say("Work")
                sent = await platform.requests(endingWith: "/sendMessage")
                let yesNo = (sent.last?.json["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]]
                #expect(yesNo?.compactMap { $0.first?["text"] as? String } == ["Так", "Ні"])
                conversation = try await Self.conversation(org, id)
                #expect(conversation["status"]?.string == "pending")
                #expect(conversation["labels"]?.array.isEmpty == true)

                try await say("Так")
                conversation = try await Self.conversation(org, id)
                #expect(conversation["status"]?.string == "open")
                #expect(conversation["intake"]?["state"]?.string == "done")
                #expect(conversation["intake"]?["answers"]?["age"]?.int == 16)
                #expect(conversation["intake"]?["answers"]?["topic"]?.string == "Work")
                #expect(conversation["intake"]?["answers"]?["consent"]?.bool == true)
                #expect(conversation["labels"]?.array.compactMap(\.string) == ["minor"], "the rule read the age the bot asked")
                let contactID = try #require(conversation["contact"]?["id"]?.int)
                let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
                #expect(contact.json["attributes"]?["age"]?.int == 16)
                #expect(contact.json["attributes"]?["consent"]?.bool == true)

                let history = try await Self.messages(org, id)
                let bot = history.filter { $0["sender"]?["type"]?.string == "automation" && $0["private"]?.bool == false }
                #expect(bot.count == 4, "three questions and one asked again")
                let note = try #require(history.last { $0["private"]?.bool == true })
                // The note is in the contact's language, as the questions were.
                #expect(note["content"]?.string == "Відповіді анкети:\nage: 16\ntopic: Work\nconsent: так")
                #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE kind = 'rule_reply'") == 1)
                #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE kind = 'greeting'") == 0)
                // Bot messages are automated: no human first response was recorded.
                #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE first_human_reply_at IS NOT NULL") == 0)

                // Agents follow the intake in the event log: the hand-over is a conversation.updated with the state.
                let events = try await EventLogTests.events(harness, token: org.adminToken) { seen in
                    seen.contains { $0["changes"]?["intake_state"]?[1]?.string == "done" }
                }
                let handedOver = try #require(events.last { $0["changes"]?["intake_state"]?[1]?.string == "done" })
                #expect(handedOver["changes"]?["status"]?.array.compactMap(\.string) == ["pending", "open"])
                #expect(handedOver["data"]?["intake"]?["state"] != nil)
            }
        }
    }

    @Test("api channel: numbered options, a reply \"2\" picks the second; a hand-off keyword opens at once and assignment runs then")
    func numberedAndHandoff() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent()
            _ = try await harness.request(.patch, "/api/v1/agents/\(agent.id)", token: org.adminToken, json: #"{"availability": "online"}"#)
            _ = try await harness.request(.patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#)
            let inbox = try await Self.apiInbox(org, intake: Self.helpLine, extra: #", "assignment": {"policy": "round_robin"}"#)

            try await org.post(inbox: inbox, externalID: "m1", sender: "s1", content: "Hello")
            let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
            let id = try #require(list.json["items"]?[0]?["id"]?.int)
            var conversation = try await Self.conversation(org, id)
            #expect(conversation["assignee_id"]?.isNull == true, "nobody is given a conversation the bot still asks")
            #expect(conversation["queue_position"]?.isNull == true)
            let live = try await harness.request(.get, "/api/v1/reports/live", token: org.adminToken)
            #expect(live.json["unassigned"]?.int == 0 && live.json["pending"]?.int == 0, "\(live.text)")

            try await org.post(inbox: inbox, externalID: "m2", sender: "s1", content: "42")
            var history = try await Self.messages(org, id)
            #expect(history.last?["content"]?.string == "What is it about?\n\n1. Family\n2. Work\n3. Health")
            try await org.post(inbox: inbox, externalID: "m3", sender: "s1", content: "2")
            conversation = try await Self.conversation(org, id)
            #expect(conversation["intake"]?["answers"]?["topic"]?.string == "Work")
            #expect(conversation["assignee_id"]?.isNull == true)

            try await org.post(inbox: inbox, externalID: "m4", sender: "s1", content: "Can I talk to an operator?")
            conversation = try await Self.conversation(org, id)
            #expect(conversation["status"]?.string == "open")
            #expect(conversation["intake"]?["state"]?.string == "handed_off")
            #expect(conversation["intake"]?["handoff_reason"]?.string == "keyword")
            #expect(conversation["assignee_id"]?.int == agent.id, "assignment ran at the hand-over")
            history = try await Self.messages(org, id)
            #expect(history.last?["content"]?.string == "Intake answers:\nage: 42\ntopic: Work\nconsent: —\nThe contact asked for a person.")
            // Further messages are the conversation's, not the bot's.
            try await org.post(inbox: inbox, externalID: "m5", sender: "s1", content: "7")
            #expect(try await Self.messages(org, id).count == history.count + 1)
        }
    }

    @Test("reminders: two go out on the scheduler's clock, then a human takes over; no inactivity resolve meanwhile")
    func remindersThenHandover() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let intake = Self.helpLine.replacingOccurrences(of: #""handoff_keywords""#, with: #""reminder_minutes": 10, "handoff_keywords""#)
            let inbox = try await Self.apiInbox(org, intake: intake, extra: #", "automations": {"inactivity_resolve_minutes": 5}"#)
            _ = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"auto_resolve_idle_minutes": 1}"#
            )
            try await org.post(inbox: inbox, externalID: "r1", sender: "quiet", content: "Hi")
            let id = try #require(try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int)
            let start = Date()
            func tick(_ minutes: Double) async throws -> Int {
                try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(minutes * 60) }).tick()
            }
            #expect(try await tick(9) == 0)
            #expect(try await tick(11) == 1)
            var history = try await Self.messages(org, id)
            #expect(history.last?["content"]?.string == "Are you still there? Please answer the question:\n\nHow old are you?")
            #expect(try await tick(12) == 0, "the next reminder is ten minutes after this one")
            #expect(try await tick(22) == 1)
            var conversation = try await Self.conversation(org, id)
            #expect(conversation["status"]?.string == "pending")
            #expect(conversation["intake"]?["state"]?.string == "running")
            #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE kind LIKE 'inactivity%'") == 0)

            #expect(try await tick(33) == 1)
            conversation = try await Self.conversation(org, id)
            #expect(conversation["status"]?.string == "open")
            #expect(conversation["intake"]?["handoff_reason"]?.string == "unanswered")
            history = try await Self.messages(org, id)
            #expect(history.last?["content"]?.string?.hasSuffix("The contact stopped answering; a person takes over.") == true)
            #expect(try await tick(60) == 0)
            #expect(try await Self.conversation(org, id)["status"]?.string == "open", "a request nobody answered stays open")

            // An answer in time resets the reminders: a second conversation answers after the first reminder.
            try await org.post(inbox: inbox, externalID: "r2", sender: "slow", content: "Hi")
            let second = try #require(
                try await harness.request(.get, "/api/v1/conversations?status=pending", token: org.adminToken).json["items"]?[0]?["id"]?.int
            )
            #expect(try await tick(11) == 1)
            try await org.post(inbox: inbox, externalID: "r3", sender: "slow", content: "30")
            #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE conversation_id = \(second) AND status = 'pending'") == 1)
            #expect(try await Self.conversation(org, second)["intake"]?["answers"]?["age"]?.int == 30)
        }
    }

    @Test("a returning contact skips what their attributes hold; known from the integration counts too")
    func returningContact() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.apiInbox(org, intake: Self.helpLine)
            for (n, text) in ["Hi", "35", "3", "no"].enumerated() {
                try await org.post(inbox: inbox, externalID: "a\(n)", sender: "back", content: text)
            }
            let first = try #require(try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int)
            #expect(try await Self.conversation(org, first)["intake"]?["state"]?.string == "done")
            _ = try await harness.request(.patch, "/api/v1/conversations/\(first)", token: org.adminToken, json: #"{"status": "resolved"}"#)

            try await org.post(inbox: inbox, externalID: "a9", sender: "back", content: "Me again")
            let page = try await harness.request(.get, "/api/v1/conversations?status=open", token: org.adminToken)
            let second = try #require(page.json["items"]?[0])
            #expect(second["id"]?.int != first)
            #expect(second["intake"]?["state"]?.string == "done")
            #expect(second["intake"]?["answers"]?["topic"]?.string == "Health")
            let history = try await Self.messages(org, try #require(second["id"]?.int))
            let asked = history.filter { $0["private"]?.bool == false && $0["direction"]?.string == "out" }
            #expect(asked.count == 0, "nothing asked again")

            // A person the integration already knows the age of is asked the rest only.
            let known = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                json: #"{"external_id": "k1", "sender": {"external_id": "known"}, "content": "Hello", "attributes": {"age": 19}}"#
            )
            let third = try #require(known.json["conversation_id"]?.int)
            #expect(try await Self.messages(org, third).last?["content"]?.string == "What is it about?\n\n1. Family\n2. Work\n3. Health")
        }
    }

    @Test("a wrong questionnaire is a 422 naming the part; an agent who takes over ends the intake; removing it hands over")
    func validationAndTakeover() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let bad = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"""
                    {"name": "X", "channel": {"kind": "api", "config": {}}, "intake": {"questions": [
                      {"attribute": "age", "prompt": "Age?", "kind": "integer"},
                      {"attribute": "topic", "prompt": "Topic?", "kind": "choice"}], "done_template_id": 999999}}
                    """#
            )
            #expect(bad.status == .unprocessableContent)
            let fields = Set(bad.json["errors"]?.array.compactMap { $0["field"]?.string } ?? [])
            #expect(fields == ["intake.questions[0].kind", "intake.questions[1].choices"], "\(bad.text)")
            #expect(try await harness.count("SELECT count(*)::int FROM inboxes") == 0)
            let missingTemplate = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "X", "channel": {"kind": "api", "config": {}}, "intake": {"questions": [{"attribute": "a", "prompt": "A?", "kind": "text"}], "done_template_id": 999999}}"#
            )
            #expect(missingTemplate.json["errors"]?[0]?["field"]?.string == "intake.done_template_id")

            let inbox = try await Self.apiInbox(org, intake: Self.helpLine)
            try await org.post(inbox: inbox, externalID: "t1", sender: "one", content: "Hi")
            try await org.post(inbox: inbox, externalID: "t2", sender: "two", content: "Hi")
            let items = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?.array ?? []
            let ids = items.compactMap { $0["id"]?.int }.sorted()
            let taken = try await harness.request(
                .patch, "/api/v1/conversations/\(ids[0])", token: org.adminToken, json: #"{"assignee_id": \#(org.adminID)}"#
            )
            #expect(taken.json["intake"]?["state"]?.string == "handed_off")
            #expect(taken.json["intake"]?["handoff_reason"]?.string == "agent")
            try await org.post(inbox: inbox, externalID: "t3", sender: "one", content: "banana")
            #expect(try await Self.messages(org, ids[0]).last?["content"]?.string == "banana", "the bot asks no more")

            let removed = try await harness.request(.patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken, json: #"{"intake": null}"#)
            #expect(removed.json["intake"]?.isNull == true)
            let other = try await Self.conversation(org, ids[1])
            #expect(other["status"]?.string == "open")
            #expect(other["intake"]?["handoff_reason"]?.string == "intake_removed")
        }
    }
}
