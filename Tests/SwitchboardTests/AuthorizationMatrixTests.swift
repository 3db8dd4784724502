import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Who may call what, generated from the OpenAPI document: every operation has a row here (a new operation
/// without one fails), every protected operation refuses a request without a token, and the rows marked
/// `run` are sent by each of six callers against a prepared account and must answer exactly as written.
@Suite struct AuthorizationMatrixTests {
    /// The callers, in the order of a row's statuses.
    enum Caller: CaseIterable { case admin, supervisor, agentInTeam, agentOutsideTeam, otherAccount, noToken }

    struct Row {
        /// Expected status per caller, in `Caller` order; nil for a public operation.
        var statuses: [Int]?
        /// Sent by every caller in the test (operations that change nothing, or whose change the test undoes).
        var run = false
        var query = ""
        var body: String?
    }

    static let week = "from=2026-03-02&to=2026-03-08"
    static func row(_ statuses: String, run: Bool = false, query: String = "", body: String? = nil) -> Row {
        Row(statuses: statuses.split(separator: " ").map { Int($0)! }, run: run, query: query, body: body)
    }
    static let open = Row(statuses: nil)

    // admin, supervisor, agent in the team, agent outside it, another account's admin, no token.
    static let matrix: [String: Row] = [
        "getHealth": open, "getMetrics": open, "getOpenAPIDocument": open, "getForm": open, "submitForm": open,
        "login": open, "receiveWebhook": open, "verifyWebhook": open, "showRatingLink": open, "recordRatingLink": open,
        "listAgents": row("200 200 200 200 200 401", run: true),
        "createAgent": row("201 403 403 403 201 401"),
        "getAgent": row("200 200 200 200 404 401", run: true),
        "updateAgent": row("200 200 200 403 404 401"),
        "issueAgentToken": row("201 403 201 403 404 401"),
        "listAgentTokens": row("200 403 200 403 404 401", run: true),
        "revokeAgentToken": row("204 403 204 403 404 401"),
        "listAgentSessions": row("200 403 200 403 404 401", run: true),
        "revokeAgentSession": row("204 403 204 403 404 401"),
        "listTeams": row("200 200 200 200 200 401", run: true),
        "createTeam": row("201 403 403 403 201 401"),
        "getTeam": row("200 200 200 200 404 401", run: true),
        "setTeamMembers": row("200 200 403 403 404 401"),
        "listInboxes": row("200 200 200 200 200 401", run: true),
        "createInbox": row("201 403 403 403 201 401"),
        "getInbox": row("200 200 200 200 404 401", run: true),
        "updateInbox": row("200 403 403 403 404 401"),
        "deleteInbox": row("204 403 403 403 404 401"),
        "postApiInboxMessage": row("201 201 403 403 404 401"),
        "postInboxCallEvent": row("200 200 403 403 404 401"),
        "listConversations": row("200 200 200 200 200 401", run: true),
        "countConversations": row("200 200 200 200 200 401", run: true),
        "getConversation": row("200 200 200 404 404 401", run: true),
        "markConversationSeen": row("204 204 204 404 404 401", run: true),
        "updateConversation": row("200 200 200 404 404 401"),
        "listMessages": row("200 200 200 404 404 401", run: true),
        "replyToConversation": row("201 201 201 404 404 401"),
        "getContact": row("200 200 200 404 404 401", run: true),
        "updateContact": row("200 200 200 404 404 401"),
        "mergeContacts": row("200 200 403 404 404 401"),
        "eraseContact": row("200 403 403 404 404 401", run: true, body: #"{"confirm": false}"#),
        "exportContact": row("200 403 403 404 404 401", run: true),
        "downloadAttachment": row("200 200 200 404 404 401", run: true),
        "listTemplates": row("200 200 200 200 200 401", run: true),
        "createTemplate": row("201 201 403 403 201 401"),
        "renderTemplate": row("200 200 200 422 404 401"),
        "getTemplate": row("200 200 200 200 404 401", run: true),
        "updateTemplate": row("200 200 403 403 404 401"),
        "deleteTemplate": row("204 204 403 403 404 401"),
        "addTemplateAttachment": row("201 201 403 403 404 401"),
        "deleteTemplateAttachment": row("204 204 403 403 404 401"),
        "listRules": row("200 200 200 200 200 401"),
        "createRule": row("201 201 403 403 201 401"),
        "getRule": row("200 200 200 200 404 401"),
        "updateRule": row("200 200 403 403 404 401"),
        "deleteRule": row("204 204 403 403 404 401"),
        "getAccount": row("200 200 200 200 200 401", run: true),
        "updateAccount": row("200 403 403 403 200 401"),
        "listRefusedMail": row("200 200 403 403 404 401", run: true),
        "listSkippedPayloads": row("200 200 403 403 404 401", run: true),
        "listCategories": row("200 200 200 200 200 401", run: true),
        "createCategory": row("201 403 403 403 201 401"),
        "getCategory": row("200 200 200 200 404 401", run: true),
        "renameCategory": row("200 403 403 403 404 401"),
        "deleteCategory": row("204 403 403 403 404 401"),
        "getReportSummary": row("200 200 403 403 200 401", run: true, query: week),
        "getReportTimeseries": row("200 200 403 403 200 401", run: true, query: "\(week)&metric=conversations_created"),
        "getReportHeatmap": row("200 200 403 403 200 401", run: true, query: week),
        "getReportBreakdown": row("200 200 403 403 200 401", run: true, query: "\(week)&by=category"),
        "getReportLive": row("200 200 403 403 200 401", run: true),
        "exportConversations": row("200 200 403 403 200 401", run: true, query: week),
        "getConsole": open, "getConsoleFile": open, "openSession": open,
        // The session routes answer for the session cookie; a bearer token has no session to show or close.
        "getSession": row("200 200 200 200 200 401"),
        "closeSession": row("204 204 204 204 204 401"),
        "listEvents": row("200 200 200 200 200 401", run: true),
        "streamEvents": row("200 200 200 200 200 401"),
        "listAuditEvents": row("200 403 403 403 200 401", run: true),
        "listWebhookEndpoints": row("200 403 403 403 200 401", run: true),
        "createWebhookEndpoint": row("201 403 403 403 201 401"),
        "getWebhookEndpoint": row("200 403 403 403 404 401"),
        "updateWebhookEndpoint": row("200 403 403 403 404 401"),
        "deleteWebhookEndpoint": row("204 403 403 403 404 401"),
        "listWebhookDeliveries": row("200 403 403 403 404 401"),
        "retryWebhookDelivery": row("202 403 403 403 404 401"),
    ]

    struct Operation { var id: String, method: String, path: String, secured: Bool }

    static func operations() async throws -> [Operation] {
        let document = try await OpenAPIRoutesTests.servedDocument()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [Operation] = []
        for (path, item) in paths {
            for (method, value) in item where OpenAPIRoutesTests.methods.contains(method) {
                let operation = try #require(value as? [String: Any])
                let security = operation["security"] as? [Any]
                operations.append(
                    Operation(
                        id: try #require(operation["operationId"] as? String), method: method.uppercased(), path: path,
                        secured: security.map { !$0.isEmpty } ?? true
                    )
                )
            }
        }
        return operations.sorted { $0.id < $1.id }
    }

    @Test func everyOperationHasARowAndPublicOnesAreMarkedSo() async throws {
        let operations = try await Self.operations()
        let missing = operations.map(\.id).filter { Self.matrix[$0] == nil }
        #expect(missing == [], "operations without a row in the authorization matrix")
        let stale = Set(Self.matrix.keys).subtracting(operations.map(\.id))
        #expect(stale.isEmpty, "rows for operations that are gone: \(stale.sorted())")
        for operation in operations {
            #expect((Self.matrix[operation.id]?.statuses == nil) == !operation.secured, "\(operation.id): public in one place only")
        }
    }

    @Test func theMatrixHolds() async throws {
        let operations = try await Self.operations()
        try await Harness.run { harness in
            let org = try await harness.account()
            let supervisor = try await org.agent(role: "supervisor")
            let inTeam = try await org.agent(role: "agent", name: "In team")
            let outside = try await org.agent(role: "agent", name: "Outside")
            let other = try await harness.account("Other")
            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Line 1"}"#)
            let teamID = try #require(team.json["id"]?.int)
            _ = try await harness.request(
                .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [\#(inTeam.id)]}"#
            )
            let inbox = try #require(try await org.apiInbox(teamID: teamID)["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "m1", sender: "s1", name: "Mariia")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let contact = try await harness.count("SELECT contact_id::int FROM conversations WHERE id = \(conversation)")
            let attachment = try await harness.count(
                """
                INSERT INTO attachments (account_id, message_id, name, content_type, size, data)
                SELECT account_id, id, 'a.txt', 'text/plain', 1, '\\x41' FROM messages WHERE conversation_id = \(conversation)
                RETURNING id::int
                """
            )
            let template = try await org.template("hi", "Hello")
            let category = try await harness.request(.post, "/api/v1/categories", token: org.adminToken, json: #"{"name": "Legal"}"#)
            let categoryID = try #require(category.json["id"]?.int)
            let rule = try await harness.request(
                .post, "/api/v1/rules", token: org.adminToken,
                json: #"{"name": "Urgent", "events": ["message_created"], "actions": [{"type": "add_label", "label": "urgent"}]}"#
            )
            let ruleID = try #require(rule.json["id"]?.int, "\(rule.status) \(rule.text)")
            let tokens = try await harness.request(.get, "/api/v1/agents/\(inTeam.id)/tokens", token: org.adminToken)
            let tokenID = try #require(tokens.json["items"]?[0]?["id"]?.int)

            let ids: [String: Int64] = [
                "agents": inTeam.id, "teams": teamID, "inboxes": inbox, "conversations": conversation,
                "contacts": Int64(contact), "attachments": Int64(attachment), "templates": template, "categories": categoryID,
                "rules": ruleID,
            ]
            let tokensByCaller: [Caller: String?] = [
                .admin: org.adminToken, .supervisor: supervisor.token, .agentInTeam: inTeam.token,
                .agentOutsideTeam: outside.token, .otherAccount: other.adminToken, .noToken: nil,
            ]
            var checked = 0
            var mismatches: [String] = []
            for operation in operations {
                guard let row = Self.matrix[operation.id], let statuses = row.statuses else { continue }
                var path = operation.path.replacingOccurrences(of: "{token_id}", with: "\(tokenID)")
                    .replacingOccurrences(of: "{attachment_id}", with: "1").replacingOccurrences(of: "{session_id}", with: "1")
                let resource = operation.path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
                path = path.replacingOccurrences(of: "{id}", with: "\(ids[resource] ?? 1)")
                if !row.query.isEmpty { path += "?\(row.query)" }
                let method = HTTPRequest.Method(rawValue: operation.method)!
                // A refusal changes nothing, so every refused cell is sent, writes included; successful writes
                // only for rows marked `run` (their change is undone or harmless), the rest are the feature tests'.
                for (index, caller) in Caller.allCases.enumerated() where row.run || !(200..<300).contains(statuses[index]) {
                    let token = tokensByCaller[caller] ?? nil
                    let reply = try await harness.request(method, path, token: token, json: row.body ?? (method == .get ? nil : "{}"))
                    checked += 1
                    if Int(reply.status.code) != statuses[index] {
                        mismatches.append("\(operation.id) \(caller): \(reply.status.code), expected \(statuses[index])")
                    }
                }
            }
            #expect(mismatches == [])
            #expect(checked >= 60 + 6 * 20, "the matrix was run (\(checked) requests)")
            print("authorization matrix: \(operations.count) operations, \(checked) requests checked")
        }
    }
}
