import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore

/// Writes the audit line of every successful change to how the account is set up: agents, tokens,
/// teams, inboxes, account settings, rules, templates, categories. Which fields a change touched is
/// recorded (for an inbox, which `channel.config` keys, secrets included), never their values.
///
/// Conversation and contact changes are audited inside their own transactions by the store; webhook
/// endpoints and sign-ins by their controllers.
struct AuditTrailMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let audit: any AuditStore

    /// The audit action and subject of a request, or nil when it is not audited here.
    static func action(method: HTTPRequest.Method, path: [Substring]) -> (action: String, subjectType: String, subjectID: Int64?)? {
        // path: ["api", "v1", resource, id?, sub?]
        guard path.count >= 3, path[0] == "api", path[1] == "v1", method != .get, method != .head, method != .options else { return nil }
        let subjects: [Substring: String] = [
            "agents": "agent", "teams": "team", "inboxes": "inbox", "account": "account", "rules": "rule",
            "templates": "template", "categories": "category",
        ]
        guard let subject = subjects[path[2]] else { return nil }
        let id = path.count > 3 ? Int64(path[3]) : nil
        let rest = path.dropFirst(4).joined(separator: "/")
        let verb: String
        switch (method, rest) {
        case (.post, "") where id == nil: verb = "created"
        case (.patch, ""), (.put, ""): verb = "updated"
        case (.delete, "") where id != nil: verb = "deleted"
        case (.post, "tokens") where subject == "agent": return ("token.created", "agent", id)
        case (.put, "members") where subject == "team": verb = "members_changed"
        case (_, let sub) where subject == "template" && sub.hasPrefix("attachments"): verb = "updated"
        default: return nil
        }
        return ("\(subject).\(verb)", subject, subject == "account" ? nil : id)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        guard let principal = context.principal, let audited = Self.action(method: request.method, path: segments) else {
            return try await next(request, context)
        }
        var request = request
        var data: [String: JSONValue] = [:]
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
        if isJSON, let length = request.headers[.contentLength].flatMap(Int.init), length <= JSONBody.maxBytes,
            let body = try? await request.collectBody(upTo: JSONBody.maxBytes),
            let fields = try? JSONDecoder().decode([String: JSONValue].self, from: Data(body.readableBytesView))
        {
            data["fields"] = .array(fields.keys.sorted().map(JSONValue.string))
            if case .object(let channel)? = fields["channel"], case .object(let config)? = channel["config"] {
                data["config_keys"] = .array(config.keys.sorted().map(JSONValue.string))
            }
        }
        let response = try await next(request, context)
        guard (200..<300).contains(response.status.code) else { return response }
        try await audit.recordAudit(
            accountID: principal.accountID, actorID: principal.agent.id, action: audited.action,
            subjectType: audited.subjectType, subjectID: audited.subjectID ?? (audited.subjectType == "account" ? principal.accountID : nil),
            data: data, ip: context.remoteAddress
        )
        return response
    }
}
