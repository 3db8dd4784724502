import Foundation
import SwitchboardCore

struct ContactRefDTO: Encodable {
    var id: Int64
    var name: String
}

struct LastMessageDTO: Encodable {
    var direction: MessageDirection
    var content: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case direction, content
        case createdAt = "created_at"
    }
}

struct ConversationDTO: Encodable {
    var conversation: Conversation
    /// For the agent asking for a list: whether the contact wrote since they last marked it seen; nil elsewhere
    /// (one conversation, events), which shows the conversation the same to everyone.
    var unread: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case id, status, priority, labels, category, subject, contact, csat, intake
        case inboxID = "inbox_id", assigneeID = "assignee_id", teamID = "team_id", lastMessage = "last_message"
        case snoozedUntil = "snoozed_until", createdAt = "created_at", updatedAt = "updated_at"
        case queuePosition = "queue_position", estimatedWaitMinutes = "estimated_wait_minutes"
        case unread
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversation.id, forKey: .id)
        try container.encode(conversation.queuePosition, forKey: .queuePosition)
        try container.encode(conversation.estimatedWaitMinutes, forKey: .estimatedWaitMinutes)
        try container.encode(conversation.inboxID, forKey: .inboxID)
        try container.encode(ContactRefDTO(id: conversation.contactID, name: conversation.contactName), forKey: .contact)
        try container.encode(conversation.status, forKey: .status)
        try container.encode(conversation.assigneeID, forKey: .assigneeID)
        try container.encode(conversation.teamID, forKey: .teamID)
        try container.encode(conversation.priority, forKey: .priority)
        try container.encode(conversation.labels, forKey: .labels)
        try container.encode(conversation.category, forKey: .category)
        try container.encode(conversation.subject, forKey: .subject)
        try container.encode(conversation.snoozedUntil, forKey: .snoozedUntil)
        try container.encode(
            conversation.lastMessage.map {
                LastMessageDTO(direction: $0.direction, content: $0.content, createdAt: $0.createdAt)
            },
            forKey: .lastMessage
        )
        try container.encode(conversation.satisfaction.map(SatisfactionDTO.init), forKey: .csat)
        try container.encode(conversation.intake.map { JSONValue.object($0.publicFields) } ?? .null, forKey: .intake)
        try container.encode(conversation.createdAt, forKey: .createdAt)
        try container.encode(conversation.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(unread, forKey: .unread)
    }
}

struct ConversationCountsDTO: Encodable {
    var counts: ConversationCounts

    enum CodingKeys: String, CodingKey { case mine, unassigned, all }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts.mine, forKey: .mine)
        try container.encode(counts.unassigned, forKey: .unassigned)
        try container.encode(counts.all, forKey: .all)
    }
}

struct AttachmentDTO: Encodable {
    var info: AttachmentInfo

    enum CodingKeys: String, CodingKey {
        case id, name, size, state, error
        case contentType = "content_type"
    }

    init(_ info: AttachmentInfo) { self.info = info }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(info.id, forKey: .id)
        try container.encode(info.name, forKey: .name)
        try container.encode(info.contentType, forKey: .contentType)
        try container.encode(info.size, forKey: .size)
        try container.encode(info.state, forKey: .state)
        try container.encode(info.error, forKey: .error)
    }
}

struct SenderDTO: Encodable {
    var type: SenderType
    var id: Int64?
    var name: String?

    enum CodingKeys: String, CodingKey { case type, id, name }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
    }
}

struct MessageDTO: Encodable {
    var message: Message

    enum CodingKeys: String, CodingKey {
        case id, direction, sender, content, `private`, attachments, subject
        case conversationID = "conversation_id", deliveryStatus = "delivery_status", deliveryError = "delivery_error"
        case createdAt = "created_at", editedAt = "edited_at", call
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message.id, forKey: .id)
        try container.encode(message.conversationID, forKey: .conversationID)
        try container.encode(message.direction, forKey: .direction)
        try container.encode(
            SenderDTO(type: message.sender.type, id: message.sender.id, name: message.sender.name), forKey: .sender
        )
        try container.encode(message.content, forKey: .content)
        try container.encode(message.isPrivate, forKey: .private)
        try container.encode(message.attachments.map(AttachmentDTO.init), forKey: .attachments)
        try container.encode(message.deliveryStatus, forKey: .deliveryStatus)
        try container.encode(message.deliveryError, forKey: .deliveryError)
        try container.encode(message.createdAt, forKey: .createdAt)
        try container.encode(message.editedAt, forKey: .editedAt)
        try container.encode(message.subject, forKey: .subject)
        try container.encodeIfPresent(message.call, forKey: .call)
    }
}

struct IdentityDTO: Encodable {
    var identity: ContactIdentity

    enum CodingKeys: String, CodingKey {
        case id, channel, reachable
        case inboxID = "inbox_id", externalID = "external_id", createdAt = "created_at"
        case unreachableReason = "unreachable_reason"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identity.id, forKey: .id)
        try container.encode(identity.inboxID, forKey: .inboxID)
        try container.encode(identity.channel, forKey: .channel)
        try container.encode(identity.externalID, forKey: .externalID)
        try container.encode(identity.createdAt, forKey: .createdAt)
        try container.encode(identity.unreachableReason == nil, forKey: .reachable)
        try container.encode(identity.unreachableReason, forKey: .unreachableReason)
    }
}

struct ContactDTO: Encodable {
    var contact: Contact
    var identities: [ContactIdentity]
    var conversations: [Conversation]
    /// Who may merge sees the candidates on GET (events carry them as an admin's GET shows them); agents none.
    var suggestedMerges: [SuggestedMerge]

    enum CodingKeys: String, CodingKey {
        case id, name, email, phone, language, attributes, blocked, identities, conversations
        case createdAt = "created_at", updatedAt = "updated_at", suggestedMerges = "suggested_merges"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(contact.id, forKey: .id)
        try container.encode(contact.name, forKey: .name)
        try container.encode(contact.email, forKey: .email)
        try container.encode(contact.phone, forKey: .phone)
        try container.encode(contact.language, forKey: .language)
        try container.encode(contact.attributes, forKey: .attributes)
        try container.encode(contact.blocked, forKey: .blocked)
        try container.encode(identities.map(IdentityDTO.init), forKey: .identities)
        try container.encode(conversations.map { ConversationDTO(conversation: $0) }, forKey: .conversations)
        try container.encode(suggestedMerges.map(SuggestedMergeDTO.init), forKey: .suggestedMerges)
        try container.encode(contact.createdAt, forKey: .createdAt)
        try container.encode(contact.updatedAt, forKey: .updatedAt)
    }
}

struct IngestDTO: Encodable {
    var result: IngestResult

    enum CodingKeys: String, CodingKey {
        case duplicate
        case contactID = "contact_id", conversationID = "conversation_id", messageID = "message_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result.contactID, forKey: .contactID)
        try container.encode(result.conversationID, forKey: .conversationID)
        try container.encode(result.messageID, forKey: .messageID)
        try container.encode(result.duplicate, forKey: .duplicate)
    }
}

/// A message the mailbox poller skipped (over the size limit, unreadable) and why.
struct RefusedMailDTO: Encodable {
    var uid: Int64
    var reason: String
    var at: Date

    init(_ refused: RefusedMail) {
        uid = refused.uid
        reason = refused.reason
        at = refused.at
    }
}

struct SuggestedMergeDTO: Encodable {
    var suggestion: SuggestedMerge

    init(_ suggestion: SuggestedMerge) { self.suggestion = suggestion }

    enum CodingKeys: String, CodingKey {
        case name, phone, reason
        case contactID = "contact_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(suggestion.contactID, forKey: .contactID)
        try container.encode(suggestion.name, forKey: .name)
        try container.encode(suggestion.phone, forKey: .phone)
        try container.encode(suggestion.reason.rawValue, forKey: .reason)
    }
}
