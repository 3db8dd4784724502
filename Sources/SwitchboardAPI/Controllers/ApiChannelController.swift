import Foundation
import Hummingbird
import SwitchboardCore

struct ApiSender: Decodable {
    var externalID: String
    var name: String?
    var email: String?
    var phone: String?
    var language: String?

    enum CodingKeys: String, CodingKey {
        case name, email, phone, language
        case externalID = "external_id"
    }
}

struct ApiInboundMessage: Decodable {
    var externalID: String
    var sender: ApiSender
    var content: String
    var subject: String?
    var attributes: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case sender, content, subject, attributes
        case externalID = "external_id"
    }
}

/// The `api` channel: another system posts its users' requests in; replies go back to its callback URL.
/// Idempotent on `external_id`, so the sender may retry until it gets an answer.
struct ApiChannelController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post(":id/messages") { request, context in
            let (inbox, raw) = try await Self.postingInto(request, context, deps)
            let id = inbox.id
            let body = try JSONBody.decode(ApiInboundMessage.self, from: raw)
            guard inbox.kind == .api else {
                throw SwitchboardError.conflict("inbox \(id) is a \(inbox.kind.rawValue) inbox; only api inboxes accept posted messages")
            }
            guard inbox.deletedAt == nil else { throw SwitchboardError.notFound("inbox \(id)") }
            var validator = Validator()
            validator.text(body.sender.name, "sender.name", max: 200)
            validator.email(body.sender.email, "sender.email")
            validator.text(body.sender.phone, "sender.phone", max: 64)
            validator.text(body.subject, "subject", max: 300)
            if body.content.count > 20_000 { validator.add("content", "must be at most 20000 characters") }
            if let attributes = body.attributes { validator.attributes(attributes, "attributes") }
            try validator.check()
            let event = InboundEvent(
                externalID: body.externalID,
                sender: InboundSender(
                    externalID: body.sender.externalID, name: body.sender.name, email: body.sender.email,
                    phone: body.sender.phone, language: body.sender.language
                ),
                content: body.content, subject: body.subject, contactAttributes: body.attributes ?? [:], sentAt: Date(),
                rawPayload: String(decoding: raw, as: UTF8.self)
            )
            let result = try await deps.ingest.ingest(event, into: inbox)
            return try JSONBody.response(IngestDTO(result: result), status: result.duplicate ? .ok : .created)
        }
    }

    /// The inbox `:id` of the caller's account that another system posts into (an integration token), and
    /// the JSON body it posted.
    static func postingInto(
        _ request: Request, _ context: AppRequestContext, _ deps: APIDependencies
    ) async throws -> (Inbox, Data) {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "inbox")
        guard let inbox = try await deps.inboxes.inbox(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("inbox \(id)")
        }
        try principal.authorize(.postIntoInbox)
        return (inbox, try await JSONBody.collect(request))
    }
}

