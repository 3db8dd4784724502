import Foundation

/// The steps of taking a call event, inside the ingest transaction.
public protocol CallTransaction: IngestTransaction {
    /// Serializes the events of one call, so a provider's retries and out-of-order events cannot race.
    func lockCall(inboxID: Int64, callID: String) async throws
    /// Whether this (call, event) was taken before.
    func callEventTaken(inboxID: Int64, callID: String, event: CallEvent.Kind) async throws -> Bool
    /// The call as the events taken so far describe it; nil before its first event.
    func callRecord(inboxID: Int64, callID: String) async throws -> CallRecord?
    /// Keeps the call as it stands after this event.
    func saveCall(inbox: Inbox, _ call: CallRecord) async throws
    /// Records that this event was taken (a repeat is answered from the call as it then stands).
    func saveCallEvent(inbox: Inbox, event: CallEvent, outcome: CallOutcome) async throws
    /// The account's (unmerged) contact whose phone is this number, written with or without spaces.
    func contact(accountID: Int64, phone: String) async throws -> Int64?
    /// A conversation that only logs a call: created resolved, so it is no request for anyone.
    func openResolvedConversation(inbox: Inbox, contactID: Int64) async throws -> Int64
    /// A call's message, which neither makes the contact wait nor asks for an answer.
    func insertCallMessage(
        inbox: Inbox, conversationID: Int64, contactID: Int64, outgoing: Bool, agentEmail: String?, content: String,
        call: [String: JSONValue], externalID: String, rawPayload: String, at: Date
    ) async throws -> Int64
    /// Rewrites a call's message (a missed call that turns out answered), keeping its place in the history.
    func rewriteCallMessage(messageID: Int64, content: String, call: [String: JSONValue]) async throws
    /// Whether anything but this message, automated ones (a greeting, a rule's template) and answered calls'
    /// logs is in the conversation: a message from the contact or an agent, a note, another missed call.
    func conversationHasMore(conversationID: Int64, than messageID: Int64) async throws -> Bool
    /// Resolves a conversation that only a missed call had opened: nobody needs to call back.
    func resolveCallConversation(conversationID: Int64) async throws
    /// The contact no longer waits because of this message: when no other message of theirs is unanswered,
    /// the conversation's wait (sql/0060 `waiting_since`) ends.
    func stopWaiting(conversationID: Int64, for messageID: Int64) async throws
}

/// Call events from a telephony provider, kept per call. What a call becomes depends on the set of events
/// received, not their order: a hang-up with no `answered` (yet) is a missed incoming call, a request in
/// the caller's conversation; an `answered`, whenever it comes, makes it an answered call, a logged message —
/// and corrects a missed call already recorded (see `correctMissedCall`). Idempotent on (call id, event).
public struct CallPipeline: Sendable {
    let ingest: IngestPipeline

    public init(ingest: IngestPipeline) {
        self.ingest = ingest
    }

    public func record(_ event: CallEvent, into inbox: Inbox) async throws -> (outcome: CallOutcome, repeated: Bool) {
        let moment = ingest.now()
        return try await ingest.store.withIngestTransaction { tx in
            guard let tx = tx as? any CallTransaction else { throw SwitchboardError.storeUnavailable }
            return try await Self.record(event, into: inbox, at: moment, tx)
        }
    }

    static func record(
        _ event: CallEvent, into inbox: Inbox, at moment: Date, _ tx: any CallTransaction
    ) async throws -> (outcome: CallOutcome, repeated: Bool) {
        try await tx.lockCall(inboxID: inbox.id, callID: event.callID)
        let stored = try await tx.callRecord(inboxID: inbox.id, callID: event.callID)
        if let stored, try await tx.callEventTaken(inboxID: inbox.id, callID: event.callID, event: event.kind) {
            return (stored.outcome(event: event.kind), true)
        }
        var call = stored ?? CallRecord(event)  // the first event tells the direction and the numbers
        call.add(event)
        let before = stored?.status
        switch (before, call.status) {
        case (.missed?, .completed):
            try await correctMissedCall(&call, into: inbox, tx)
        case (let earlier, .missed) where earlier != .missed:
            try await requestCallBack(&call, rawPayload: event.rawPayload, into: inbox, at: moment, tx)
        case (let earlier, .completed) where earlier != .completed:
            try await logAnswered(&call, rawPayload: event.rawPayload, into: inbox, tx)
        default:
            break
        }
        try await tx.saveCall(inbox: inbox, call)
        let outcome = call.outcome(event: event.kind)
        try await tx.saveCallEvent(inbox: inbox, event: event, outcome: outcome)
        return (outcome, false)
    }

    /// The caller's contact: known on this inbox by the number, else the account's contact with that phone
    /// (who wrote on a messenger), which is then known here by it too; nil for a stranger.
    static func knownCaller(_ number: String, inbox: Inbox, _ tx: any CallTransaction) async throws -> Int64? {
        if let known = try await tx.findContact(inboxID: inbox.id, senderExternalID: number) { return known }
        guard let contact = try await tx.contact(accountID: inbox.accountID, phone: number) else { return nil }
        try await tx.linkIdentities(inbox: inbox, contactID: contact, externalIDs: [number])
        return contact
    }

    /// A missed call is a request: a message from the caller in their conversation, assigned like any.
    static func requestCallBack(
        _ call: inout CallRecord, rawPayload: String, into inbox: Inbox, at moment: Date, _ tx: any CallTransaction
    ) async throws {
        let number = call.from
        try await tx.lockSender(inboxID: inbox.id, senderExternalID: number)
        _ = try await knownCaller(number, inbox: inbox, tx)
        let shown = call.missedMessage
        let message = InboundEvent(
            externalID: "call:\(call.callID)", sender: InboundSender(externalID: number, phone: number),
            content: shown.content, sentAt: shown.at, rawPayload: rawPayload, call: shown.call
        )
        let result = try await IngestPipeline.ingest(message, into: inbox, at: moment, tx)
        call.contactID = result.contactID
        call.conversationID = result.conversationID
        call.messageID = result.messageID
    }

    /// An answered call is logged in the customer's open conversation (or a resolved one of its own);
    /// nothing about who handles the conversation changes.
    static func logAnswered(
        _ call: inout CallRecord, rawPayload: String, into inbox: Inbox, _ tx: any CallTransaction
    ) async throws {
        let number = call.customerNumber
        try await tx.lockSender(inboxID: inbox.id, senderExternalID: number)
        let contactID: Int64
        if let known = try await knownCaller(number, inbox: inbox, tx) {
            contactID = known
        } else {
            contactID = try await tx.createContact(
                inbox: inbox, sender: InboundSender(externalID: number, phone: number), name: nil, attributes: [:]
            )
            try await tx.renameContact(id: contactID, name: ContactNaming.anonymous(contactID: contactID))
        }
        let conversationID: Int64
        if let active = try await tx.findActiveConversation(inboxID: inbox.id, contactID: contactID) {
            conversationID = active.id
        } else {
            conversationID = try await tx.openResolvedConversation(inbox: inbox, contactID: contactID)
        }
        let shown = call.answeredMessage
        call.contactID = contactID
        call.conversationID = conversationID
        call.messageID = try await tx.insertCallMessage(
            inbox: inbox, conversationID: conversationID, contactID: contactID, outgoing: call.direction == .outgoing,
            agentEmail: call.agentEmail, content: shown.content, call: shown.call, externalID: "call:\(call.callID)",
            rawPayload: rawPayload, at: shown.at
        )
    }

    /// `answered` came after the `hangup` that made the call missed: the call was answered after all. Its
    /// message becomes the answered call's (duration, agent, recording), in the same place. A conversation
    /// the missed call had opened and nobody else wrote in is resolved, as an answered call's own would
    /// have been; in a conversation that holds more, the contact stops waiting for this call and the
    /// conversation stays for the agents, who see the corrected message.
    static func correctMissedCall(_ call: inout CallRecord, into inbox: Inbox, _ tx: any CallTransaction) async throws {
        guard let messageID = call.messageID, let conversationID = call.conversationID else { return }
        let shown = call.answeredMessage
        try await tx.rewriteCallMessage(messageID: messageID, content: shown.content, call: shown.call)
        if try await tx.conversationHasMore(conversationID: conversationID, than: messageID) {
            try await tx.stopWaiting(conversationID: conversationID, for: messageID)
        } else {
            try await tx.resolveCallConversation(conversationID: conversationID)
        }
    }
}
