import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@Suite("Categories")
struct CategoryTests {
    static func create(_ org: TestAccount, _ json: String, token: String? = nil) async throws -> Reply {
        try await org.harness.request(.post, "/api/v1/categories", token: token ?? org.adminToken, json: json)
    }

    @Test("admins keep a two-level list; names are unique per level; everyone reads it")
    func crud() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent()
            let legal = try await Self.create(org, #"{"name": " Legal ", "subcategories": ["Housing", "Family"]}"#)
            #expect(legal.status == .created)
            #expect(legal.json["name"]?.string == "Legal")
            #expect(legal.json["parent_id"] == .null)
            #expect(legal.json["subcategories"]?.array.compactMap { $0["path"]?.string } == ["Legal/Housing", "Legal/Family"])
            let legalID = try #require(legal.json["id"]?.int)
            let debt = try await Self.create(org, #"{"name": "Debt", "parent_id": \#(legalID)}"#)
            #expect(debt.status == .created)
            #expect(debt.json["path"]?.string == "Legal/Debt")
            let debtID = try #require(debt.json["id"]?.int)
            #expect(try await Self.create(org, #"{"name": "Food"}"#).status == .created)

            let deeper = try await Self.create(org, #"{"name": "Leases", "parent_id": \#(debtID)}"#)
            #expect(deeper.status == .unprocessableContent)
            #expect(deeper.json["errors"]?[0]?["field"]?.string == "parent_id")
            let unknownParent = try await Self.create(org, #"{"name": "Leases", "parent_id": 99999}"#)
            #expect(unknownParent.json["errors"]?[0]?["field"]?.string == "parent_id")
            let slash = try await Self.create(org, #"{"name": "Legal/Other", "subcategories": ["ok", "OK", ""]}"#)
            #expect(slash.status == .unprocessableContent)
            #expect(Set(slash.json["errors"]?.array.compactMap { $0["field"]?.string } ?? []) == ["name", "subcategories[1]", "subcategories[2]"])
            #expect(try await Self.create(org, #"{"name": "legal"}"#).status == .conflict)
            #expect(try await Self.create(org, #"{"name": "HOUSING", "parent_id": \#(legalID)}"#).status == .conflict)
            #expect(try await Self.create(org, #"{"name": "Health"}"#, token: agent.token).status == .forbidden)
            #expect(try await harness.count("SELECT count(*)::int FROM categories") == 5, "nothing half-written")

            let list = try await harness.request(.get, "/api/v1/categories", token: agent.token)
            #expect(list.json["items"]?.array.compactMap { $0["name"]?.string } == ["Food", "Legal"])
            #expect(list.json["items"]?[1]?["subcategories"]?.array.compactMap { $0["name"]?.string } == ["Debt", "Family", "Housing"])
            let one = try await harness.request(.get, "/api/v1/categories/\(legalID)", token: agent.token)
            #expect(one.json["subcategories"]?.array.count == 3)

            let other = try await harness.account("Other org")
            #expect(try await harness.request(.get, "/api/v1/categories/\(legalID)", token: other.adminToken).status == .notFound)

            let renamed = try await harness.request(
                .patch, "/api/v1/categories/\(debtID)", token: org.adminToken, json: #"{"name": "Debts"}"#
            )
            #expect(renamed.json["path"]?.string == "Legal/Debts")
            let badName = try await harness.request(
                .patch, "/api/v1/categories/\(debtID)", token: org.adminToken, json: #"{"name": ""}"#
            )
            #expect(badName.json["errors"]?[0]?["field"]?.string == "name")

            #expect(try await harness.request(.delete, "/api/v1/categories/\(legalID)", token: org.adminToken).status == .noContent)
            #expect(try await harness.count("SELECT count(*)::int FROM categories") == 1, "sub-categories go with their category")
        }
    }

    @Test("set_category by a rule and by PATCH; unknown categories are a 422 naming the field; renames follow; used ones stay")
    func conversationsAndRules() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let legal = try await Self.create(org, #"{"name": "Legal", "subcategories": ["Housing"]}"#)
            let legalID = try #require(legal.json["id"]?.int)
            _ = try await Self.create(org, #"{"name": "Food"}"#)

            let unknown = try await harness.request(
                .post, "/api/v1/rules", token: org.adminToken,
                json: #"{"name": "Bad", "events": ["message_created"], "actions": [{"type": "add_label", "label": "x"}, {"type": "set_category", "category": "Legal/Taxes"}, {"type": "set_category", "category": "/"}]}"#
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.json["errors"]?.array.compactMap { $0["field"]?.string } == ["actions[2].category"], "the form first")
            let notListed = try await harness.request(
                .post, "/api/v1/rules", token: org.adminToken,
                json: #"{"name": "Bad", "events": ["message_created"], "actions": [{"type": "add_label", "label": "x"}, {"type": "set_category", "category": "Legal/Taxes"}]}"#
            )
            #expect(notListed.status == .unprocessableContent)
            #expect(notListed.json["errors"]?[0]?["field"]?.string == "actions[1].category")
            #expect(try await harness.count("SELECT count(*)::int FROM rules") == 0)

            let rule = try await harness.request(
                .post, "/api/v1/rules", token: org.adminToken,
                json: #"{"name": "Evictions", "events": ["conversation_created"], "conditions": [{"field": "message.content", "operator": "contains", "value": "evict"}], "actions": [{"type": "set_category", "category": "legal / housing"}]}"#
            )
            #expect(rule.status == .created)
            #expect(rule.json["actions"]?[0]?["category"]?.string == "Legal/Housing", "the list's spelling")
            let ruleID = try #require(rule.json["id"]?.int)

            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let posted = try await org.post(inbox: inbox, externalID: "e1", sender: "p1", content: "They want to evict us")
            let byRule = try #require(posted.json["conversation_id"]?.int)
            let routed = try await harness.request(.get, "/api/v1/conversations/\(byRule)", token: org.adminToken)
            #expect(routed.json["category"]?.string == "Legal/Housing", "the list's spelling")

            let other = try await org.post(inbox: inbox, externalID: "e2", sender: "p2", content: "Hungry")
            let byHand = try #require(other.json["conversation_id"]?.int)
            let plain = try await harness.request(.get, "/api/v1/conversations/\(byHand)", token: org.adminToken)
            #expect(plain.json["category"] == .null)
            let agent = try await org.agent(role: "supervisor")
            let set = try await harness.request(
                .patch, "/api/v1/conversations/\(byHand)", token: agent.token, json: #"{"category": "food"}"#
            )
            #expect(set.status == .ok)
            #expect(set.json["category"]?.string == "Food")
            let wrong = try await harness.request(
                .patch, "/api/v1/conversations/\(byHand)", token: agent.token, json: #"{"category": "Taxes", "priority": "high"}"#
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.json["errors"]?[0]?["field"]?.string == "category")
            let malformed = try await harness.request(
                .patch, "/api/v1/conversations/\(byHand)", token: agent.token, json: #"{"category": "a/b/c"}"#
            )
            #expect(malformed.json["errors"]?[0]?["field"]?.string == "category")
            let unchanged = try await harness.request(.get, "/api/v1/conversations/\(byHand)", token: org.adminToken)
            #expect(unchanged.json["priority"]?.string == "none")
            #expect(unchanged.json["category"]?.string == "Food")
            let cleared = try await harness.request(
                .patch, "/api/v1/conversations/\(byHand)", token: agent.token, json: #"{"category": null}"#
            )
            #expect(cleared.json["category"] == .null)

            // A rename carries the conversations and the rules along.
            _ = try await harness.request(.patch, "/api/v1/categories/\(legalID)", token: org.adminToken, json: #"{"name": "Law"}"#)
            let moved = try await harness.request(.get, "/api/v1/conversations/\(byRule)", token: org.adminToken)
            #expect(moved.json["category"]?.string == "Law/Housing")
            let followed = try await harness.request(.get, "/api/v1/rules/\(ruleID)", token: org.adminToken)
            #expect(followed.json["actions"]?[0]?["category"]?.string == "Law/Housing")

            // A category a rule sets cannot go; once the rule is gone, it can, and conversations keep their text.
            let refused = try await harness.request(.delete, "/api/v1/categories/\(legalID)", token: org.adminToken)
            #expect(refused.status == .conflict)
            #expect(refused.json["detail"]?.string?.contains("Evictions") == true)
            _ = try await harness.request(.delete, "/api/v1/rules/\(ruleID)", token: org.adminToken)
            #expect(try await harness.request(.delete, "/api/v1/categories/\(legalID)", token: org.adminToken).status == .noContent)
            let kept = try await harness.request(.get, "/api/v1/conversations/\(byRule)", token: org.adminToken)
            #expect(kept.json["category"]?.string == "Law/Housing")
        }
    }
}
