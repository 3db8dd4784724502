import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

@Suite("Routing rules")
struct RuleTests {
    static func rule(_ org: TestAccount, _ json: String) async throws -> Reply {
        try await org.harness.request(.post, "/api/v1/rules", token: org.adminToken, json: json)
    }

    @Test("the minor-redirect scenario: a form from a 16-year-old gets the youth template, label minor, resolved, no agent")
    func minorRedirect() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent(name: "Olena")
            _ = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", token: org.adminToken, json: #"{"availability": "online"}"#
            )
            _ = try await harness.request(
                .patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#
            )
            let youth = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken,
                json: #"{"name": "Youth line", "shortcode": "youth", "body": "Hi {{contact.first_name}}, please call the youth line 0 800 500 225."}"#
            )
            let youthID = try #require(youth.json["id"]?.int)
            let greeting = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken, json: #"{"name": "Hello", "shortcode": "hello", "body": "Hello!"}"#
            )
            let greetingID = try #require(greeting.json["id"]?.int)
            let created = try await Self.rule(
                org,
                #"""
                {"name": "Minors to the youth line", "events": ["conversation_created"],
                 "conditions": [{"field": "contact.attributes.age", "operator": "<", "value": 18}],
                 "actions": [{"type": "send_template", "template_id": \#(youthID)}, {"type": "add_label", "label": "minor"},
                             {"type": "set_status", "status": "resolved"}, {"type": "stop"}]}
                """#
            )
            #expect(created.status == .created)
            let form = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Form", "channel": {"kind": "webform", "config": {}}, "greeting_template_id": \#(greetingID), "assignment": {"policy": "round_robin"}}"#
            )
            let uid = try #require(form.json["uid"]?.string)

            func submit(_ name: String, _ age: Int) async throws -> Int64 {
                let reply = try await harness.request(
                    .post, "/forms/\(uid)", body: ByteBuffer(string: "name=\(name)&message=I+need+help&age=\(age)"),
                    headers: [.contentType: "application/x-www-form-urlencoded", .accept: "application/json"]
                )
                return Int64(try #require(reply.json["conversation_id"]?.int))
            }
            let minor = try await submit("Taras", 16)
            let adult = try await submit("Iryna", 35)
            #expect(try await harness.assembly.automationScheduler().tick() == 2)

            let redirected = try await harness.request(.get, "/api/v1/conversations/\(minor)", token: org.adminToken)
            #expect(redirected.json["status"]?.string == "resolved")
            #expect(redirected.json["labels"]?.array.compactMap(\.string) == ["minor"])
            #expect(redirected.json["assignee_id"] == .null)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(minor)/messages", token: org.adminToken)
            #expect(messages.json["items"]?.array.compactMap { $0["content"]?.string } == [
                "I need help", "Hi Taras, please call the youth line 0 800 500 225.",
            ], "the rule's reply, and no greeting on top of it")

            let ordinary = try await harness.request(.get, "/api/v1/conversations/\(adult)", token: org.adminToken)
            #expect(ordinary.json["status"]?.string == "open")
            #expect(ordinary.json["assignee_id"]?.int == agent.id)
            let greeted = try await harness.request(.get, "/api/v1/conversations/\(adult)/messages", token: org.adminToken)
            #expect(greeted.json["items"]?[1]?["content"]?.string == "Hello!")
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.applied'") == 1)
        }
    }

    @Test("office hours in the account's time zone; rules run in order, see earlier changes, and stop")
    func officeHoursOrderAndStop() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await harness.count("UPDATE accounts SET time_zone = 'Asia/Tokyo' RETURNING 0")
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let nights = try await Self.rule(
                org,
                #"""
                {"name": "Night", "position": 10, "events": ["message_created"],
                 "conditions": [{"field": "time", "operator": "between", "value": ["22:00", "08:00"]}],
                 "actions": [{"type": "add_label", "label": "after-hours"}]}
                """#
            )
            #expect(nights.status == .created)
            let followUp = try await Self.rule(
                org,
                #"""
                {"name": "Escalate after hours", "position": 20, "events": ["message_created"], "match": "all",
                 "conditions": [{"field": "labels", "operator": "contains", "value": "after-hours"},
                                {"field": "message.content", "operator": "matches", "value": "urgent|терміново"}],
                 "actions": [{"type": "set_priority", "priority": "urgent"}, {"type": "stop"}]}
                """#
            )
            #expect(followUp.status == .created)
            _ = try await Self.rule(
                org,
                #"{"name": "Never reached after a stop", "position": 30, "events": ["message_created"], "actions": [{"type": "add_label", "label": "late"}]}"#
            )
            let line = try #require(try await harness.store.inbox(id: inbox, accountID: org.id))

            // 23:30 in Tokyo is 14:30 UTC: after hours there, office hours in London.
            let night = Date(timeIntervalSince1970: 1_763_908_200)  // 2025-11-23 14:30 UTC
            let atNight = IngestPipeline(store: harness.store, now: { night })
            let first = try await atNight.ingest(
                InboundEvent(externalID: "n1", sender: InboundSender(externalID: "a"), content: "Терміново! Потрібна допомога", rawPayload: ""),
                into: line
            )
            let flagged = try await harness.request(.get, "/api/v1/conversations/\(first.conversationID)", token: org.adminToken)
            #expect(flagged.json["labels"]?.array.compactMap(\.string) == ["after-hours"])
            #expect(flagged.json["priority"]?.string == "urgent")

            let day = Date(timeIntervalSince1970: 1_763_863_200)  // 2025-11-23 02:00 UTC = 11:00 in Tokyo
            let byDay = IngestPipeline(store: harness.store, now: { day })
            let second = try await byDay.ingest(
                InboundEvent(externalID: "d1", sender: InboundSender(externalID: "b"), content: "urgent question", rawPayload: ""),
                into: line
            )
            let daytime = try await harness.request(.get, "/api/v1/conversations/\(second.conversationID)", token: org.adminToken)
            #expect(daytime.json["labels"]?.array.compactMap(\.string) == ["late"])
            #expect(daytime.json["priority"]?.string == "none")
        }
    }

    @Test("a rule naming unknown fields, operators or ids is a 422 naming the part; a deleted team never fails an ingest")
    func validationAndFailedActions() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let bad = try await Self.rule(
                org,
                #"""
                {"name": "Bad", "events": ["conversation_created", "sometimes"],
                 "conditions": [{"field": "contact.shoe_size", "operator": "=", "value": 42},
                                {"field": "priority", "operator": "<", "value": "high"},
                                {"field": "message.content", "operator": "matches", "value": "(unclosed"}],
                 "actions": [{"type": "assign_team", "team_id": 999}, {"type": "teleport"}]}
                """#
            )
            #expect(bad.status == .unprocessableContent)
            let fields = Set(bad.json["errors"]?.array.compactMap { $0["field"]?.string } ?? [])
            #expect(fields == ["events[1]", "conditions[0].field", "conditions[1].operator", "conditions[2].value", "actions[1].type"])
            let unknownTeam = try await Self.rule(
                org, #"{"name": "Team", "events": ["conversation_created"], "actions": [{"type": "assign_team", "team_id": 999}]}"#
            )
            #expect(unknownTeam.status == .unprocessableContent)
            #expect(unknownTeam.json["errors"]?[0]?["field"]?.string == "actions[0].team_id")
            #expect(try await harness.count("SELECT count(*)::int FROM rules") == 0)

            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Second line"}"#)
            let teamID = try #require(team.json["id"]?.int)
            let routed = try await Self.rule(
                org,
                #"{"name": "To the second line", "events": ["conversation_created"], "actions": [{"type": "assign_team", "team_id": \#(teamID)}, {"type": "add_label", "label": "routed"}]}"#
            )
            #expect(routed.status == .created)
            let ruleID = try #require(routed.json["id"]?.int)
            _ = try await harness.count("DELETE FROM teams WHERE id = \(teamID) RETURNING 0")
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let posted = try await org.post(inbox: inbox, externalID: "x1", sender: "s")
            #expect(posted.status == .created)
            let conversation = try await harness.request(
                .get, "/api/v1/conversations/\(try #require(posted.json["conversation_id"]?.int))", token: org.adminToken
            )
            #expect(conversation.json["labels"]?.array.compactMap(\.string) == ["routed"])
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.action_failed'") == 1)

            let disabled = try await harness.request(
                .patch, "/api/v1/rules/\(ruleID)", token: org.adminToken, json: #"{"enabled": false, "position": 5}"#
            )
            #expect(disabled.json["enabled"] == .bool(false))
            #expect(disabled.json["position"]?.int == 5)
            #expect(disabled.json["actions"]?[0]?["team_id"]?.int == teamID)
            let agent = try await org.agent()
            let forbidden = try await harness.request(.delete, "/api/v1/rules/\(ruleID)", token: agent.token)
            #expect(forbidden.status == .forbidden)
            let deleted = try await harness.request(.delete, "/api/v1/rules/\(ruleID)", token: org.adminToken)
            #expect(deleted.status == .noContent)
        }
    }

    @Test("an account that had no rules sees its first rule at the next message, and one written straight into the database too")
    func firstRuleAfterMessages() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            // Ingests without rules: the process now remembers that the account has none.
            try await org.post(inbox: inbox, externalID: "r1", sender: "a", content: "hello")
            try await org.post(inbox: inbox, externalID: "r2", sender: "a", content: "hello again")
            let created = try await Self.rule(
                org,
                #"{"name": "Refunds", "events": ["message_created"], "conditions": [{"field": "message.content", "operator": "contains", "value": "refund"}], "actions": [{"type": "add_label", "label": "refund"}]}"#
            )
            #expect(created.status == .created, "\(created.text)")
            let posted = try await org.post(inbox: inbox, externalID: "r3", sender: "b", content: "a refund please")
            let conversation = try await harness.request(
                .get, "/api/v1/conversations/\(try #require(posted.json["conversation_id"]?.int))", token: org.adminToken
            )
            #expect(conversation.json["labels"]?.array.compactMap(\.string) == ["refund"])

            // Another process (here: plain SQL) disables it: this process's memory of it is stale at once.
            _ = try await harness.count("UPDATE rules SET enabled = false RETURNING 0")
            let later = try await org.post(inbox: inbox, externalID: "r4", sender: "c", content: "another refund")
            let unlabelled = try await harness.request(
                .get, "/api/v1/conversations/\(try #require(later.json["conversation_id"]?.int))", token: org.adminToken
            )
            #expect(unlabelled.json["labels"]?.array.isEmpty == true)
            _ = try await harness.count("UPDATE rules SET enabled = true RETURNING 0")
            let again = try await org.post(inbox: inbox, externalID: "r5", sender: "d", content: "refund")
            let labelled = try await harness.request(
                .get, "/api/v1/conversations/\(try #require(again.json["conversation_id"]?.int))", token: org.adminToken
            )
            #expect(labelled.json["labels"]?.array.compactMap(\.string) == ["refund"])
        }
    }

    @Test("escalation through three lines: each step moves the conversation to the next team's agent with a note")
    func escalationLines() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await harness.request(
                .patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#
            )
            var teams: [Int64] = []
            var agents: [Int64] = []
            for line in 1...3 {
                let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Line \#(line)"}"#)
                let teamID = Int64(try #require(team.json["id"]?.int))
                let agent = try await org.agent(name: "Agent \(line)")
                _ = try await harness.request(
                    .patch, "/api/v1/agents/\(agent.id)", token: org.adminToken, json: #"{"availability": "online"}"#
                )
                _ = try await harness.request(
                    .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [\#(agent.id)]}"#
                )
                teams.append(teamID)
                agents.append(agent.id)
            }
            let inbox = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Support", "channel": {"kind": "api", "config": {}}, "team_id": \#(teams[0]), "assignment": {"policy": "round_robin"}, "escalation_team_ids": [\#(teams.map(String.init).joined(separator: ","))]}"#
            )
            #expect(inbox.json["escalation_team_ids"]?.array.compactMap(\.int) == teams)
            let inboxID = Int64(try #require(inbox.json["id"]?.int))
            let rule = try await Self.rule(
                org,
                #"{"name": "Escalate on request", "events": ["message_created"], "conditions": [{"field": "message.content", "operator": "contains", "value": "supervisor"}], "actions": [{"type": "escalate", "reason": "the person asked for a supervisor"}]}"#
            )
            #expect(rule.status == .created)

            let first = try await org.post(inbox: inboxID, externalID: "m0", sender: "p", content: "Hello")
            let conversation = try #require(first.json["conversation_id"]?.int)
            func state() async throws -> (team: Int64?, assignee: Int64?) {
                let detail = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
                return (detail.json["team_id"]?.int, detail.json["assignee_id"]?.int)
            }
            #expect(try await state().assignee == agents[0])
            for line in 1...2 {
                try await org.post(inbox: inboxID, externalID: "m\(line)", sender: "p", content: "Let me talk to a supervisor")
                let now = try await state()
                #expect(now.team == teams[line])
                #expect(now.assignee == agents[line], "assignment picks within the new line")
            }
            try await org.post(inbox: inboxID, externalID: "m3", sender: "p", content: "supervisor, again")
            #expect(try await state().team == teams[2], "there is no fourth line")
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'rule.action_failed'") == 1)
            let notes = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let texts = notes.json["items"]?.array.filter { $0["private"] == .bool(true) }.compactMap { $0["content"]?.string }
            #expect(texts == [
                "Escalated to line 2 (Line 2): the person asked for a supervisor",
                "Escalated to line 3 (Line 3): the person asked for a supervisor",
            ])
        }
    }

    @Test("a process that keeps decoded rules sees another process's edit at its next ingest")
    func rulesChangedElsewhere() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let created = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken, json: #"{"name": "Chat", "channel": {"kind": "api", "config": {}}}"#
            )
            let inboxID = try #require(created.json["id"]?.int)
            let inbox = try #require(try await harness.store.inbox(id: inboxID, accountID: org.id))
            try await withClient(harness.databaseURL) { otherClient in
                // The second "process": its own store, so its own cache of rules.
                let other = IngestPipeline(store: PostgresStoreFactory.make(otherClient))
                func labels(after externalID: String) async throws -> [String] {
                    let event = InboundEvent(
                        externalID: externalID, sender: InboundSender(externalID: "s-\(externalID)"), content: "help", rawPayload: "{}"
                    )
                    let result = try await other.ingest(event, into: inbox)
                    let json = try await harness.request(.get, "/api/v1/conversations/\(result.conversationID)", token: org.adminToken).json
                    return json["labels"]?.array.compactMap(\.string) ?? []
                }
                #expect(try await labels(after: "1") == [])
                let rule = try await Self.rule(
                    org,
                    #"{"name": "Help", "events": ["message_created"], "conditions": [{"field": "message.content", "operator": "contains", "value": "help"}], "actions": [{"type": "add_label", "label": "help"}]}"#
                )
                let ruleID = try #require(rule.json["id"]?.int)
                #expect(try await labels(after: "2") == ["help"])
                #expect(try await labels(after: "3") == ["help"])
                _ = try await harness.request(.patch, "/api/v1/rules/\(ruleID)", token: org.adminToken, json: #"{"enabled": false}"#)
                #expect(try await labels(after: "4") == [])
                _ = try await harness.request(.patch, "/api/v1/rules/\(ruleID)", token: org.adminToken, json: #"{"enabled": true}"#)
                _ = try await harness.request(.delete, "/api/v1/rules/\(ruleID)", token: org.adminToken)
                #expect(try await labels(after: "5") == [])
            }
        }
    }
}
