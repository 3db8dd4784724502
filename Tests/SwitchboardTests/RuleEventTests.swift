import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("Rules on conversation changes")
struct RuleEventTests {
    static func rule(_ org: TestAccount, _ json: String) async throws -> Int64 {
        let reply = try await org.harness.request(.post, "/api/v1/rules", token: org.adminToken, json: json)
        guard reply.status == .created, let id = reply.json["id"]?.int else {
            throw TestSetupError("rule: \(reply.status) \(reply.text)")
        }
        return id
    }

    static func conversation(_ org: TestAccount, content: String = "Hello") async throws -> Int64 {
        let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
        let posted = try await org.post(inbox: inbox, externalID: UUID().uuidString, sender: "person", name: "Petro", content: content)
        return Int64(try #require(posted.json["conversation_id"]?.int))
    }

    static func patch(_ org: TestAccount, _ id: Int64, _ json: String, token: String? = nil) async throws -> Reply {
        try await org.harness.request(.patch, "/api/v1/conversations/\(id)", token: token ?? org.adminToken, json: json)
    }

    @Test("a rule on conversation_resolved runs once when an agent resolves through the API, in the same change")
    func resolvedByAgent() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent(role: "supervisor", name: "Mykola")
            let thanks = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken,
                json: #"{"name": "Thanks", "shortcode": "thanks", "body": "Thank you, {{contact.name}}."}"#
            )
            let templateID = try #require(thanks.json["id"]?.int)
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Closing", "events": ["conversation_resolved"],
                 "actions": [{"type": "add_label", "label": "closed"},
                             {"type": "set_contact_attribute", "name": "last_outcome", "value": "resolved"},
                             {"type": "send_template", "template_id": \#(templateID)}]}
                """#
            )
            let id = try await Self.conversation(org)

            let labelled = try await Self.patch(org, id, #"{"labels": ["question"]}"#, token: agent.token)
            #expect(labelled.json["labels"]?.array.compactMap(\.string) == ["question"], "not resolved yet: the rule waits")

            let resolved = try await Self.patch(org, id, #"{"status": "resolved"}"#, token: agent.token)
            #expect(resolved.status == .ok)
            #expect(resolved.json["status"]?.string == "resolved")
            #expect(resolved.json["labels"]?.array.compactMap(\.string) == ["question", "closed"], "the answer shows what the rule did")
            let contactID = try #require(resolved.json["contact"]?["id"]?.int)
            let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
            #expect(contact.json["attributes"]?["last_outcome"]?.string == "resolved")

            // Resolving what is resolved, or changing something else, is no new resolution.
            _ = try await Self.patch(org, id, #"{"status": "resolved"}"#, token: agent.token)
            _ = try await Self.patch(org, id, #"{"priority": "low"}"#, token: agent.token)
            #expect(try await harness.count("SELECT count(*)::int FROM automation_jobs WHERE kind = 'rule_reply'") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 1)
            #expect(try await harness.assembly.automationScheduler().tick() == 1)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(id)/messages", token: org.adminToken)
            #expect(messages.json["items"]?.array.last?["content"]?.string == "Thank you, Petro.")

            // Reopened and resolved again: a new resolution, so the rule runs again.
            _ = try await Self.patch(org, id, #"{"status": "open"}"#, token: agent.token)
            _ = try await Self.patch(org, id, #"{"status": "resolved"}"#, token: agent.token)
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 2)
        }
    }

    @Test("a rule that resolves a conversation on a new message sets off the conversation_resolved rules, once")
    func resolvedByRule() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Spam closes itself", "position": 10, "events": ["message_created"],
                 "conditions": [{"field": "message.content", "operator": "contains", "value": "casino"}],
                 "actions": [{"type": "set_status", "status": "resolved"}]}
                """#
            )
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Mark closed", "position": 20, "events": ["conversation_resolved"],
                 "actions": [{"type": "add_label", "label": "closed"}, {"type": "set_status", "status": "open"},
                             {"type": "set_status", "status": "resolved"}]}
                """#
            )
            let id = try await Self.conversation(org, content: "Best casino bonus")
            let shown = try await harness.request(.get, "/api/v1/conversations/\(id)", token: org.adminToken)
            #expect(shown.json["status"]?.string == "resolved")
            #expect(shown.json["labels"]?.array.compactMap(\.string) == ["closed"])
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 2)
        }
    }

    @Test("a rule on conversation_updated runs on a priority change, once: its own changes do not set it off again")
    func updatedOnce() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent(role: "supervisor")
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Urgent is triaged", "position": 10, "events": ["conversation_updated"],
                 "conditions": [{"field": "priority", "operator": "=", "value": "urgent"}],
                 "actions": [{"type": "set_priority", "priority": "high"}, {"type": "add_label", "label": "triaged"}]}
                """#
            )
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Every change is noted", "position": 20, "events": ["conversation_updated", "conversation_resolved"],
                 "actions": [{"type": "add_note", "content": "changed"}]}
                """#
            )
            _ = try await Self.rule(
                org,
                #"""
                {"name": "Refunds", "position": 30, "events": ["conversation_updated"],
                 "conditions": [{"field": "message.content", "operator": "contains", "value": "refund"}],
                 "actions": [{"type": "add_label", "label": "refund"}]}
                """#
            )
            let id = try await Self.conversation(org, content: "I want a refund please")
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 0)

            let changed = try await Self.patch(org, id, #"{"priority": "urgent"}"#, token: agent.token)
            #expect(changed.status == .ok)
            #expect(changed.json["priority"]?.string == "high")
            #expect(changed.json["labels"]?.array.compactMap(\.string) == ["triaged", "refund"], "conditions see the last incoming message")
            func notes() async throws -> Int {
                try await harness.count("SELECT count(*)::int FROM messages WHERE private AND content = 'changed'")
            }
            #expect(try await notes() == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 3)

            // Nothing changed: no event. Resolving raises both events, and a rule on both runs once.
            _ = try await Self.patch(org, id, #"{"priority": "high", "labels": ["refund", "triaged"]}"#, token: agent.token)
            #expect(try await notes() == 1)
            _ = try await Self.patch(org, id, #"{"status": "resolved"}"#, token: agent.token)
            #expect(try await notes() == 2)
            let audit = try await harness.count(
                "SELECT count(*)::int FROM audit_events WHERE action = 'conversation.updated' AND actor_id = \(agent.id)"
            )
            #expect(audit == 3)
        }
    }

    @Test("a failing action on an update is recorded and the agent's change still commits")
    func failingActionNeverFailsTheUpdate() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Gone"}"#)
            let teamID = try #require(team.json["id"]?.int)
            _ = try await Self.rule(
                org,
                #"{"name": "To a team", "events": ["conversation_updated"], "actions": [{"type": "assign_team", "team_id": \#(teamID)}, {"type": "add_label", "label": "seen"}]}"#
            )
            _ = try await harness.count("DELETE FROM teams WHERE id = \(teamID) RETURNING 0")
            let id = try await Self.conversation(org)
            let changed = try await Self.patch(org, id, #"{"priority": "high"}"#)
            #expect(changed.status == .ok)
            #expect(changed.json["priority"]?.string == "high")
            #expect(changed.json["labels"]?.array.compactMap(\.string) == ["seen"])
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.action_failed'") == 1)
        }
    }
}
