import Foundation
import SwitchboardCore

/// Renders events with the API's own representations, so an event's `data` is exactly what the
/// resource's GET answers.
public struct EventRepresentation: EventRendering {
    public init() {}

    public func document(of event: PendingEvent, id: Int64, resource: EventResource?) throws -> String {
        let changes = event.changes.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        var document = EventDocument(
            id: id, type: event.type.rawValue, createdAt: event.createdAt, accountID: event.accountID,
            conversationID: event.conversationID
        )
        if event.type == .contactMerged {
            if case .object(let fields)? = changes, case .number(let merged)? = fields["merged_contact_id"] {
                document.mergedContactID = Int64(merged)
            }
        } else if event.type == .conversationUpdated {
            document.changes = changes
        }
        switch resource {
        case .conversation(let conversation): document.data = AnyEncodable(ConversationDTO(conversation: conversation))
        case .message(let message): document.data = AnyEncodable(MessageDTO(message: message))
        case .contact(let contact, let identities, let conversations, let suggestions):
            document.data = AnyEncodable(
                ContactDTO(contact: contact, identities: identities, conversations: conversations, suggestedMerges: suggestions)
            )
        case .agent(let agent): document.data = AnyEncodable(AgentDTO(agent))
        case nil: break
        }
        return String(decoding: try JSONBody.encoder.encode(document), as: UTF8.self)
    }
}

/// `{id, type, created_at, account_id, conversation_id, data}` (+ `changes`, `merged_contact_id`).
struct EventDocument: Encodable {
    var id: Int64
    var type: String
    var createdAt: Date
    var accountID: Int64
    var conversationID: Int64?
    var data: AnyEncodable?
    var changes: JSONValue?
    var mergedContactID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, type, data, changes
        case createdAt = "created_at", accountID = "account_id", conversationID = "conversation_id"
        case mergedContactID = "merged_contact_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(conversationID, forKey: .conversationID)
        try container.encode(data, forKey: .data)
        try container.encodeIfPresent(changes, forKey: .changes)
        try container.encodeIfPresent(mergedContactID, forKey: .mergedContactID)
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
