import Foundation

/// What happened, as integrations and the console name it.
public enum EventType: String, Sendable, CaseIterable {
    case conversationCreated = "conversation.created"
    case conversationUpdated = "conversation.updated"
    case messageCreated = "message.created"
    case messageUpdated = "message.updated"
    case contactCreated = "contact.created"
    case contactUpdated = "contact.updated"
    case contactMerged = "contact.merged"
    case agentUpdated = "agent.updated"
}

/// An event the database recorded with its change and nobody has published yet.
public struct PendingEvent: Sendable, Equatable {
    public var rowID: Int64
    public var type: EventType
    public var accountID: Int64
    public var conversationID: Int64?
    /// The conversation, message, contact or agent the event is about.
    public var subjectID: Int64
    /// `{field: [old, new]}` of a conversation update, or the merged contact's id; as JSON text.
    public var changes: String?
    public var createdAt: Date

    public init(
        rowID: Int64, type: EventType, accountID: Int64, conversationID: Int64?, subjectID: Int64, changes: String?,
        createdAt: Date
    ) {
        self.rowID = rowID
        self.type = type
        self.accountID = accountID
        self.conversationID = conversationID
        self.subjectID = subjectID
        self.changes = changes
        self.createdAt = createdAt
    }
}

/// The resource an event is about, as its GET shows it when the event is published.
public enum EventResource: Sendable {
    case conversation(Conversation)
    case message(Message)
    case contact(Contact, identities: [ContactIdentity], conversations: [Conversation], suggestedMerges: [SuggestedMerge])
    case agent(Agent)
}

/// Who may receive an event: admins and supervisors of its account always; an agent when the event
/// is for everyone, is about a conversation assigned to them, or one of a team of theirs.
public struct EventAudience: Sendable, Equatable {
    public var teamIDs: [Int64]
    public var agentID: Int64?
    public var everyone: Bool

    public init(teamIDs: [Int64] = [], agentID: Int64? = nil, everyone: Bool = false) {
        self.teamIDs = teamIDs
        self.agentID = agentID
        self.everyone = everyone
    }

    /// The audience of a conversation's events: the same agents `Visibility` lets see it.
    public init(conversation: Conversation, inboxTeamID: Int64?) {
        self.init(teamIDs: [inboxTeamID, conversation.teamID].compactMap { $0 }, agentID: conversation.assigneeID)
    }

    public func admits(_ principal: Principal) -> Bool {
        principal.seesAllConversations || everyone || agentID == principal.agent.id
            || teamIDs.contains(where: principal.teamIDs.contains)
    }
}

/// An event as clients receive it: its public id (increasing), its JSON, and who may see it.
public struct PublishedEvent: Sendable, Equatable {
    public var id: Int64
    public var type: EventType
    public var accountID: Int64
    /// `{id, type, created_at, account_id, conversation_id?, data, changes?}` as JSON.
    public var document: String
    public var audience: EventAudience

    public init(
        id: Int64, type: EventType, accountID: Int64, document: String, audience: EventAudience
    ) {
        self.id = id
        self.type = type
        self.accountID = accountID
        self.document = document
        self.audience = audience
    }
}

/// Turns an event and its resource into the JSON clients receive; the API's representations do it, so
/// `data` is exactly what the resource's GET shows.
public protocol EventRendering: Sendable {
    func document(of event: PendingEvent, id: Int64, resource: EventResource?) throws -> String
}
