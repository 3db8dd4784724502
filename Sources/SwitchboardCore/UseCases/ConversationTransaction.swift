import Foundation

/// A conversation as a change finds it, locked until its transaction ends.
public struct LockedConversation: Sendable, Equatable {
    public var state: ConversationState
    public var inboxID: Int64
    /// The inbox was deleted: nothing can be sent through it any more (notes still can be added).
    public var inboxDeleted: Bool

    public init(state: ConversationState, inboxID: Int64, inboxDeleted: Bool) {
        self.state = state
        self.inboxID = inboxID
        self.inboxDeleted = inboxDeleted
    }
}

/// The steps of an agent's (or an integration's) change of a conversation, all inside one transaction.
/// The use cases decide; the store only runs each step as plain SQL, calling no domain logic.
public protocol ConversationTransaction: RuleTransaction {
    /// The conversation of the account, locked; nil when it is not there.
    func lockConversation(id: Int64, accountID: Int64) async throws -> LockedConversation?
    func agentExists(id: Int64, accountID: Int64) async throws -> Bool
    func teamExists(id: Int64, accountID: Int64) async throws -> Bool
    /// The path as the account's category list spells it; nil when the list has no such category.
    func categoryPath(_ path: String, accountID: Int64) async throws -> String?
    func inbox(id: Int64) async throws -> Inbox?

    /// Writes the change; returns the state after it. Stamps what follows from it (`resolved_at`, `assigned_at`,
    /// a snooze that ends with its status).
    func applyChange(_ change: ConversationChange, to conversationID: Int64) async throws -> ConversationState
    /// The conversation's state as it is now in this transaction (after rules changed it, say).
    func state(of conversationID: Int64) async throws -> ConversationState?
    /// Queues the inbox's farewell and survey for the scheduler, each once per conversation.
    func queueFarewell(conversationID: Int64) async throws

    /// Stores an agent's outgoing message or private note; returns its id. A public one records its reply time
    /// (since the contact's oldest unanswered message).
    func insertAgentMessage(_ reply: NewReply, conversationID: Int64, inboxID: Int64, accountID: Int64) async throws -> Int64
    /// Copies the template's files onto the message, so later edits of the template never change it.
    func attachTemplateFiles(templateID: Int64, messageID: Int64, accountID: Int64) async throws
    /// Stores files an agent attached to the message; delivery sends them like a template's.
    func attachFiles(_ files: [OutboundAttachment], messageID: Int64, accountID: Int64) async throws
    /// Queues the message for delivery through its inbox's channel.
    func enqueueDelivery(messageID: Int64, inboxID: Int64, accountID: Int64) async throws
    /// The conversation's latest message is this public reply by a human: it stamps the first response (of the
    /// conversation, and of its cycle since the last reopen) and leaves nothing of the contact's unanswered.
    func recordPublicReply(messageID: Int64, conversationID: Int64) async throws
    /// Starts waiting for the contact's answer (the inactivity reminder and auto-resolve count from here).
    func startWaitingForContact(conversationID: Int64) async throws

    func audit(accountID: Int64, actorID: Int64?, action: String, subjectType: String, subjectID: Int64, data: [String: JSONValue])
        async throws
}

public protocol ConversationChangeStore: Sendable {
    /// Runs `body` in one transaction: all of it is committed, or none of it.
    func withConversationTransaction<T: Sendable>(_ body: @Sendable (any ConversationTransaction) async throws -> T) async throws -> T
}
