/// An agent's reply or private note. A reply is written with its outbox row in one transaction, so it is
/// delivered once it is committed (or shows why not); it is the conversation's first response if none
/// came before, and from it the conversation waits for the contact (inactivity reminder, auto-resolve).
/// A note stays inside: no outbox row, no first response, no waiting.
public struct ReplyToConversation: Sendable {
    let store: any ConversationChangeStore

    public init(store: any ConversationChangeStore) {
        self.store = store
    }

    /// The new message's id, and the delivery wake-up a reply needs.
    public func callAsFunction(conversationID: Int64, accountID: Int64, _ reply: NewReply) async throws -> Outcome<Int64> {
        try await store.withConversationTransaction { tx in
            guard let conversation = try await tx.lockConversation(id: conversationID, accountID: accountID) else {
                throw SwitchboardError.notFound("conversation \(conversationID)")
            }
            if conversation.inboxDeleted && !reply.isPrivate {
                throw SwitchboardError.conflict(
                    "this conversation's inbox was deleted, so no reply can be sent through it; a private note can still be added"
                )
            }
            let messageID = try await tx.insertAgentMessage(
                reply, conversationID: conversationID, inboxID: conversation.inboxID, accountID: accountID
            )
            if let templateID = reply.templateID {
                try await tx.attachTemplateFiles(templateID: templateID, messageID: messageID, accountID: accountID)
            }
            if !reply.files.isEmpty {
                try await tx.attachFiles(reply.files, messageID: messageID, accountID: accountID)
            }
            guard !reply.isPrivate else { return Outcome(messageID) }
            try await tx.enqueueDelivery(messageID: messageID, inboxID: conversation.inboxID, accountID: accountID)
            // A bot's message is automated: the contact still waits for a human, and no inactivity wait starts.
            guard !reply.asBot else { return Outcome(messageID, effects: [.wakeDelivery]) }
            try await tx.recordPublicReply(messageID: messageID, conversationID: conversationID)
            try await tx.startWaitingForContact(conversationID: conversationID)
            return Outcome(messageID, effects: [.wakeDelivery])
        }
    }
}
