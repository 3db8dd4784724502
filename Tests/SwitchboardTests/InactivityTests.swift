import Foundation
import HTTPTypes
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// The inactivity reminder and auto-resolve, driven by the scheduler's clock: nothing sleeps.
@Suite("Inactivity reminder and auto-resolve")
struct InactivityTests {
    /// An api inbox that reminds after 30 minutes of silence and resolves 60 minutes after the reminder.
    static func remindingInbox(_ org: TestAccount, note: String = "Closed: no answer from the contact") async throws -> Int64 {
        let template = try await org.harness.request(
            .post, "/api/v1/templates", token: org.adminToken,
            json: #"{"name": "Still there?", "shortcode": "still", "body": "{{contact.first_name}}, are you still there?"}"#
        )
        let templateID = try #require(template.json["id"]?.int)
        let inbox = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"""
                {"name": "Line", "channel": {"kind": "api", "config": {}},
                 "automations": {"inactivity_reminder_template_id": \#(templateID), "inactivity_reminder_minutes": 30,
                                 "inactivity_resolve_minutes": 60, "inactivity_resolve_note": "\#(note)"}}
                """#
        )
        #expect(inbox.status == .created)
        #expect(inbox.json["automations"]?["inactivity_reminder_minutes"]?.int == 30)
        #expect(inbox.json["automations"]?["inactivity_resolve_note"]?.string == note)
        return Int64(try #require(inbox.json["id"]?.int))
    }

    /// A conversation from `sender` that an agent has answered; returns its id.
    static func answeredConversation(_ org: TestAccount, inbox: Int64, sender: String) async throws -> Int64 {
        let posted = try await org.post(inbox: inbox, externalID: "\(sender)-1", sender: sender, name: "Olena Koval", content: "Help")
        let conversation = Int64(try #require(posted.json["conversation_id"]?.int))
        let reply = try await org.harness.request(
            .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
            json: #"{"content": "How old are you?"}"#
        )
        #expect(reply.status == .created)
        return conversation
    }

    static func status(_ org: TestAccount, _ conversation: Int64) async throws -> String? {
        try await org.harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken).json["status"]?.string
    }

    static func contents(_ org: TestAccount, _ conversation: Int64) async throws -> [String] {
        let messages = try await org.harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
        return messages.json["items"]?.array.compactMap { $0["content"]?.string } ?? []
    }

    @Test("silence after an agent's message brings one reminder, then an automatic resolve with a private note")
    func reminderThenResolve() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.remindingInbox(org)
            let start = Date()
            let conversation = try await Self.answeredConversation(org, inbox: inbox, sender: "olena")
            func scheduler(_ minutes: Double) -> AutomationScheduler {
                harness.assembly.automationScheduler(now: { start.addingTimeInterval(minutes * 60) })
            }

            #expect(try await scheduler(29).tick() == 0, "not yet")
            #expect(try await scheduler(31).tick() == 1)
            #expect(try await scheduler(32).tick() == 0, "one reminder, never two")
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let reminder = try #require(messages.json["items"]?[2])
            #expect(reminder["content"]?.string == "Olena, are you still there?")
            #expect(reminder["sender"]?["type"]?.string == "automation")
            #expect(reminder["private"]?.bool == false)
            #expect(try await Self.status(org, conversation) == "open")

            #expect(try await scheduler(31 + 59).tick() == 0)
            #expect(try await Self.status(org, conversation) == "open", "the resolve counts from the reminder")
            _ = try await scheduler(31 + 61).tick()
            #expect(try await Self.status(org, conversation) == "resolved")
            let after = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let note = try #require(after.json["items"]?.array.last)
            #expect(note["content"]?.string == "Closed: no answer from the contact")
            #expect(note["private"]?.bool == true)
            #expect(note["sender"]?["type"]?.string == "automation")
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'conversation.auto_resolved'") == 1)

            _ = try await scheduler(500).tick()
            #expect(try await Self.contents(org, conversation).count == 4, "contact, agent, reminder, note: nothing more")
            #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE status = 'pending'") == 0)
        }
    }

    @Test("a contact's answer cancels the reminder and the resolve; private notes do not start a wait")
    func contactAnswerCancels() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.remindingInbox(org)
            let start = Date()
            func scheduler(_ minutes: Double) -> AutomationScheduler {
                harness.assembly.automationScheduler(now: { start.addingTimeInterval(minutes * 60) })
            }

            // Answered before the reminder: no reminder.
            let early = try await Self.answeredConversation(org, inbox: inbox, sender: "early")
            try await org.post(inbox: inbox, externalID: "early-2", sender: "early", content: "I am 17")
            // Answered after the reminder: no resolve.
            let late = try await Self.answeredConversation(org, inbox: inbox, sender: "late")
            #expect(try await scheduler(31).tick() == 1, "only the one still waiting is reminded")
            #expect(try await Self.contents(org, early) == ["Help", "How old are you?", "I am 17"])
            try await org.post(inbox: inbox, externalID: "late-2", sender: "late", content: "Sorry, I am here")
            _ = try await scheduler(500).tick()
            #expect(try await Self.status(org, early) == "open")
            #expect(try await Self.status(org, late) == "open")
            #expect(try await Self.contents(org, late).count == 4)

            // An internal note is not a question to the contact.
            let noted = try await org.post(inbox: inbox, externalID: "n-1", sender: "noted", content: "Hi")
            let notedID = try #require(noted.json["conversation_id"]?.int)
            let note = try await harness.request(
                .post, "/api/v1/conversations/\(notedID)/messages", token: org.adminToken,
                json: #"{"content": "Call back tomorrow", "private": true}"#
            )
            #expect(note.status == .created)
            #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE status = 'pending'") == 0)
        }
    }

    @Test("a restart between the due time and the send sends the reminder exactly once")
    func exactlyOnce() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.remindingInbox(org)
            let start = Date()
            let conversation = try await Self.answeredConversation(org, inbox: inbox, sender: "anna")
            let due = start.addingTimeInterval(31 * 60)

            // A process claims the due reminder and dies before sending it.
            let crashed = try await harness.store.claimDueAutomations(now: due, limit: 10, lease: .seconds(60))
            #expect(crashed.map(\.kind) == [.inactivityReminder])
            #expect(try await harness.assembly.automationScheduler(now: { due }).tick() == 0, "the claim is still held")

            // After the lease two processes (the restarted one and another) try at once: one reminder.
            let later = due.addingTimeInterval(61)
            async let a = harness.assembly.automationScheduler(now: { later }).tick()
            async let b = harness.assembly.automationScheduler(now: { later }).tick()
            #expect(try await a + b == 1)
            #expect(try await harness.store.completeAutomation(jobID: crashed[0].id, content: "late", now: later) == false)
            #expect(try await Self.contents(org, conversation).filter { $0.contains("still there") }.count == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM outbox") == 2, "the agent's reply and one reminder")
        }
    }

    @Test("a rule's question (send_template) starts the wait for the contact's answer too")
    func ruleQuestion() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.remindingInbox(org)
            let question = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken,
                json: #"{"name": "Age", "shortcode": "age", "body": "Question 1 of 5: how old are you?"}"#
            )
            let templateID = try #require(question.json["id"]?.int)
            let rule = try await harness.request(
                .post, "/api/v1/rules", token: org.adminToken,
                json: #"""
                    {"name": "Questionnaire", "events": ["conversation_created"],
                     "conditions": [{"field": "message.content", "operator": "contains", "value": "survey"}],
                     "actions": [{"type": "send_template", "template_id": \#(templateID)}]}
                    """#
            )
            #expect(rule.status == .created)
            let start = Date()
            let posted = try await org.post(inbox: inbox, externalID: "q-1", sender: "quiz", name: "Taras", content: "survey please")
            let conversation = Int64(try #require(posted.json["conversation_id"]?.int))
            #expect(try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(5) }).tick() == 1)
            #expect(try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(31 * 60) }).tick() == 1)
            #expect(try await Self.contents(org, conversation) == [
                "survey please", "Question 1 of 5: how old are you?", "Taras, are you still there?",
            ])
        }
    }

    @Test("a reminder needs its template and its minutes; out-of-range minutes are named")
    func validation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let bad = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Line", "channel": {"kind": "api", "config": {}}, "automations": {"inactivity_reminder_minutes": 30, "inactivity_resolve_minutes": 0}}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.json["errors"]?.array.compactMap { $0["field"]?.string } ?? []) == [
                "automations.inactivity_reminder_template_id", "automations.inactivity_resolve_minutes",
            ])
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let resolveOnly = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken,
                json: #"{"automations": {"inactivity_resolve_minutes": 120}}"#
            )
            #expect(resolveOnly.status == .ok)
            #expect(resolveOnly.json["automations"]?["inactivity_resolve_minutes"]?.int == 120)
            #expect(resolveOnly.json["automations"]?["inactivity_reminder_template_id"] == .null)
            let missingTemplate = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken,
                json: #"{"automations": {"inactivity_reminder_template_id": 999999, "inactivity_reminder_minutes": 10}}"#
            )
            #expect(missingTemplate.status == .unprocessableContent)
            #expect(missingTemplate.json["errors"]?[0]?["field"]?.string == "automations.inactivity_reminder_template_id")

            // Without a reminder, silence after our message resolves straight away when its time comes.
            let start = Date()
            let conversation = try await Self.answeredConversation(org, inbox: inbox, sender: "quiet")
            _ = try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(119 * 60) }).tick()
            #expect(try await Self.status(org, conversation) == "open")
            _ = try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(121 * 60) }).tick()
            #expect(try await Self.status(org, conversation) == "resolved")
        }
    }
}
