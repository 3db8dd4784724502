import Foundation

/// Who is asking, for queries whose answer depends on it (agents see only their teams' conversations).
public struct Visibility: Sendable {
    public var accountID: Int64
    /// nil when the viewer sees everything in the account.
    public var restrictedTo: (agentID: Int64, teamIDs: [Int64])?

    public init(principal: Principal) {
        accountID = principal.accountID
        restrictedTo = principal.seesAllConversations ? nil : (principal.agent.id, principal.teamIDs)
    }

    /// Everything in the account: for the system itself (workers, answers after a change).
    public static func wholeAccount(_ accountID: Int64) -> Visibility {
        Visibility(accountID: accountID)
    }

    private init(accountID: Int64) {
        self.accountID = accountID
        restrictedTo = nil
    }
}

public enum AssigneeFilter: Sendable, Equatable {
    case any, none, agent(Int64)
}

public struct ConversationFilter: Sendable, Equatable {
    public var status: ConversationStatus?
    public var assignee: AssigneeFilter = .any
    public var inboxID: Int64?
    public var teamID: Int64?
    public var label: String?
    /// Conversations of inboxes of this channel kind.
    public var channel: ChannelKind?
    /// A category path: conversations in that category or, for a top-level one, in any of its sub-categories.
    public var category: String?
    public var contactID: Int64?
    public var query: String?
    public var limit: Int = 25
    /// Items after this id (the list runs newest first, so new conversations never shift a walk).
    public var beforeID: Int64?

    public init() {}
}

/// A partial update of a conversation; the outer optional says whether to change a field.
public struct ConversationChange: Sendable, Equatable {
    public var status: ConversationStatus?
    public var assigneeID: Int64??
    public var teamID: Int64??
    public var priority: Priority?
    public var labels: [String]?
    public var snoozedUntil: Date??
    /// A category path of the account's list; the store refuses one the list does not have (`category`).
    public var category: String??

    public init(
        status: ConversationStatus? = nil, assigneeID: Int64?? = nil, teamID: Int64?? = nil, priority: Priority? = nil,
        labels: [String]? = nil, snoozedUntil: Date?? = nil, category: String?? = nil
    ) {
        self.category = category
        self.status = status
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.priority = priority
        self.labels = labels
        self.snoozedUntil = snoozedUntil
    }
}

/// An agent's reply or note, written with its outbox row in one transaction.
public struct NewReply: Sendable, Equatable {
    public var content: String
    public var isPrivate: Bool
    public var agentID: Int64
    /// The template the reply was made from: its files go with it.
    public var templateID: Int64?
    /// Files the agent attached to the reply (after the template's, if any).
    public var files: [OutboundAttachment]
    /// Sent by the inbox's external bot (`sender.type: bot`): never a human first response, starts no wait.
    public var asBot: Bool

    public init(
        content: String, isPrivate: Bool, agentID: Int64, templateID: Int64? = nil, files: [OutboundAttachment] = [],
        asBot: Bool = false
    ) {
        self.asBot = asBot
        self.content = content
        self.isPrivate = isPrivate
        self.agentID = agentID
        self.templateID = templateID
        self.files = files
    }
}

public protocol ConversationStore: Sendable {
    func conversations(_ filter: ConversationFilter, visibility: Visibility) async throws -> [Conversation]
    func conversation(id: Int64, visibility: Visibility) async throws -> Conversation?
    // Changes and replies are use cases (`UpdateConversation`, `ReplyToConversation`) over a
    // `ConversationTransaction`: the store only runs their steps.
    /// Messages oldest first, after `afterID`.
    func messages(conversationID: Int64, afterID: Int64?, limit: Int) async throws -> [Message]
    /// Messages newest first, before `beforeID`: the end of a long history without reading all of it.
    func messages(conversationID: Int64, beforeID: Int64?, limit: Int) async throws -> [Message]
    func message(id: Int64) async throws -> Message?
    func attachment(id: Int64, visibility: Visibility) async throws -> AttachmentFile?
    /// How many conversations match the filter (its assignee, limit and cursor aside) in each tab of a list.
    func conversationCounts(_ filter: ConversationFilter, agentID: Int64, visibility: Visibility) async throws -> ConversationCounts
    /// Records that the agent has read the conversation up to its latest message.
    func markSeen(conversationID: Int64, accountID: Int64, agentID: Int64) async throws
    /// Those of the given conversations with a message from the contact the agent has not seen.
    func unreadConversationIDs(_ ids: [Int64], agentID: Int64) async throws -> Set<Int64>
}

/// The sizes of a list's tabs: assigned to the asking agent, to nobody, and all of them.
public struct ConversationCounts: Sendable, Equatable {
    public var mine: Int
    public var unassigned: Int
    public var all: Int

    public init(mine: Int, unassigned: Int, all: Int) {
        self.mine = mine
        self.unassigned = unassigned
        self.all = all
    }
}

public struct ContactChange: Sendable, Equatable {
    public var name: String?
    /// Merged into the stored attributes; a null value removes a key.
    public var attributes: [String: JSONValue]?
    public var blocked: Bool?

    public init(name: String? = nil, attributes: [String: JSONValue]? = nil, blocked: Bool? = nil) {
        self.name = name
        self.attributes = attributes
        self.blocked = blocked
    }
}

public protocol ContactStore: Sendable {
    func contact(id: Int64, visibility: Visibility) async throws -> Contact?
    func identities(contactID: Int64) async throws -> [ContactIdentity]
    func conversations(contactID: Int64, visibility: Visibility) async throws -> [Conversation]
    /// nil when the contact is not in the account; whether the caller may see it is the caller's check.
    func updateContact(id: Int64, accountID: Int64, _ change: ContactChange) async throws -> Contact?
    /// Moves the other contact's identities and conversations to `id` and removes the other contact.
    func mergeContact(id: Int64, otherID: Int64, accountID: Int64, actorID: Int64) async throws -> Contact?
    /// Other contacts of the account that are probably the same person (`SuggestedMerge`).
    func suggestedMerges(contactID: Int64, accountID: Int64) async throws -> [SuggestedMerge]
}
