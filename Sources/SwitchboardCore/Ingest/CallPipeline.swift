import Foundation

/// Phone numbers as one person's key: `+` and digits (E.164-like), whatever the provider wrote.
public enum PhoneNumber {
    /// `+380 (67) 123-45-67`, `00380671234567` and, with default country code `380`, `067 123 45 67` all
    /// become `+380671234567`; nil when the text is no phone number (letters, too few or too many digits).
    public static func normalize(_ text: String, defaultCountryCode: String? = nil) -> String? {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let international = rest.hasPrefix("+")
        if international { rest = rest.dropFirst() }
        var digits = ""
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -().\u{00A0}".contains(character) {
                return nil
            }
        }
        if !international {
            if digits.hasPrefix("00") {
                digits.removeFirst(2)
            } else if let code = defaultCountryCode, !code.isEmpty, digits.hasPrefix("0") {
                digits = code + digits.dropFirst()
            }
        }
        guard (7...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }
}

/// One event a telephony provider reports about a call.
public struct CallEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case ringing, answered, hangup }
    public enum Direction: String, Sendable { case incoming = "in", outgoing = "out" }

    public var callID: String
    public var kind: Kind
    public var direction: Direction
    /// Normalized when it is the customer's number (an incoming call's `from`), else as sent.
    public var from: String
    public var to: String
    public var at: Date
    public var agentEmail: String?
    public var cause: String?
    public var durationSeconds: Int?
    public var recordingURL: String?
    public var rawPayload: String

    public init(
        callID: String, kind: Kind, direction: Direction, from: String, to: String, at: Date, agentEmail: String? = nil,
        cause: String? = nil, durationSeconds: Int? = nil, recordingURL: String? = nil, rawPayload: String
    ) {
        self.callID = callID
        self.kind = kind
        self.direction = direction
        self.from = from
        self.to = to
        self.at = at
        self.agentEmail = agentEmail
        self.cause = cause
        self.durationSeconds = durationSeconds
        self.recordingURL = recordingURL
        self.rawPayload = rawPayload
    }

    /// The customer's number: who called in, or whom an agent called.
    public var customerNumber: String { direction == .incoming ? from : to }
}

/// Where a call stands after an event.
public enum CallStatus: String, Sendable, Codable {
    case ringing, answered, missed, completed, unanswered

    public var ended: Bool { self == .missed || self == .completed || self == .unanswered }
}

/// The answer to one call event; a repeat of the event gets the same answer.
public struct CallOutcome: Sendable, Codable, Equatable {
    public var callID: String
    public var event: String
    public var status: CallStatus
    public var contactID: Int64?
    public var conversationID: Int64?
    public var messageID: Int64?

    public init(
        callID: String, event: String, status: CallStatus, contactID: Int64? = nil, conversationID: Int64? = nil,
        messageID: Int64? = nil
    ) {
        self.callID = callID
        self.event = event
        self.status = status
        self.contactID = contactID
        self.conversationID = conversationID
        self.messageID = messageID
    }

    enum CodingKeys: String, CodingKey {
        case event, status
        case callID = "call_id", contactID = "contact_id", conversationID = "conversation_id", messageID = "message_id"
    }
}

/// A call as stored: what earlier events said.
public struct StoredCall: Sendable, Equatable {
    public var direction: CallEvent.Direction
    public var status: CallStatus
    public var answeredAt: Date?
    public var agentEmail: String?
    public var recordingURL: String?

    public init(
        direction: CallEvent.Direction, status: CallStatus, answeredAt: Date?, agentEmail: String?, recordingURL: String?
    ) {
        self.direction = direction
        self.status = status
        self.answeredAt = answeredAt
        self.agentEmail = agentEmail
        self.recordingURL = recordingURL
    }
}

/// The steps of taking a call event, inside the ingest transaction.
public protocol CallTransaction: IngestTransaction {
    /// Serializes the events of one call, so a provider's retries and out-of-order events cannot race.
    func lockCall(inboxID: Int64, callID: String) async throws
    /// The answer given to this (call, event) before, if it was taken.
    func callAnswer(inboxID: Int64, callID: String, event: CallEvent.Kind) async throws -> CallOutcome?
    func storedCall(inboxID: Int64, callID: String) async throws -> StoredCall?
    /// Creates or updates the call's row with this event's facts and the status it leads to.
    func saveCall(inbox: Inbox, event: CallEvent, status: CallStatus, outcome: CallOutcome) async throws
    func saveCallAnswer(inbox: Inbox, event: CallEvent, outcome: CallOutcome) async throws
    /// The account's (unmerged) contact whose phone is this number, written with or without spaces.
    func contact(accountID: Int64, phone: String) async throws -> Int64?
    /// A conversation that only logs a call: created resolved, so it is no request for anyone.
    func openResolvedConversation(inbox: Inbox, contactID: Int64) async throws -> Int64
    /// A call's message, which neither makes the contact wait nor asks for an answer.
    func insertCallMessage(
        inbox: Inbox, conversationID: Int64, contactID: Int64, outgoing: Bool, agentEmail: String?, content: String,
        call: [String: JSONValue], externalID: String, rawPayload: String, at: Date
    ) async throws -> Int64
}

/// Call events from a telephony provider: kept per call; a missed incoming call becomes a request in the
/// caller's conversation, an answered call a logged message. Idempotent on (call id, event).
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
        if let earlier = try await tx.callAnswer(inboxID: inbox.id, callID: event.callID, event: event.kind) {
            return (earlier, true)
        }
        let stored = try await tx.storedCall(inboxID: inbox.id, callID: event.callID)
        var event = event
        if let stored { event.direction = stored.direction }  // the first event tells the direction
        var outcome = CallOutcome(callID: event.callID, event: event.kind.rawValue, status: stored?.status ?? .ringing)
        if stored?.status.ended != true {
            switch event.kind {
            case .ringing:
                break
            case .answered:
                outcome.status = .answered
            case .hangup:
                if stored?.answeredAt != nil || stored?.status == .answered {
                    outcome.status = .completed
                    try await logAnswered(event, stored: stored, into: inbox, &outcome, tx)
                } else if event.direction == .incoming {
                    outcome.status = .missed
                    try await requestCallBack(event, into: inbox, at: moment, &outcome, tx)
                } else {
                    outcome.status = .unanswered
                }
            }
        }
        try await tx.saveCall(inbox: inbox, event: event, status: outcome.status, outcome: outcome)
        try await tx.saveCallAnswer(inbox: inbox, event: event, outcome: outcome)
        return (outcome, false)
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
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
        _ event: CallEvent, into inbox: Inbox, at moment: Date, _ outcome: inout CallOutcome, _ tx: any CallTransaction
    ) async throws {
        let number = event.from
        try await tx.lockSender(inboxID: inbox.id, senderExternalID: number)
        _ = try await knownCaller(number, inbox: inbox, tx)
        let message = InboundEvent(
            externalID: "call:\(event.callID)", sender: InboundSender(externalID: number, phone: number),
            content: "Missed call from \(number)", sentAt: event.at, rawPayload: event.rawPayload,
            call: ["status": .string("missed"), "from": .string(number), "at": .string(timestamp(event.at))]
        )
        let result = try await IngestPipeline.ingest(message, into: inbox, at: moment, tx)
        outcome.contactID = result.contactID
        outcome.conversationID = result.conversationID
        outcome.messageID = result.messageID
    }

    /// An answered call is logged in the customer's open conversation (or a resolved one of its own);
    /// nothing about who handles the conversation changes.
    static func logAnswered(
        _ event: CallEvent, stored: StoredCall?, into inbox: Inbox, _ outcome: inout CallOutcome, _ tx: any CallTransaction
    ) async throws {
        let number = event.customerNumber
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
        let answeredAt = stored?.answeredAt
        let duration = event.durationSeconds ?? answeredAt.map { max(0, Int(event.at.timeIntervalSince($0).rounded())) }
        let agent = event.agentEmail ?? stored?.agentEmail
        let recording = event.recordingURL ?? stored?.recordingURL
        var call: [String: JSONValue] = [
            "status": .string("answered"), "direction": .string(event.direction.rawValue), "from": .string(event.from),
            "at": .string(timestamp(answeredAt ?? event.at)),
        ]
        if let duration { call["duration_seconds"] = .number(Double(duration)) }
        if let agent { call["agent"] = .string(agent) }
        if let recording { call["recording_url"] = .string(recording) }
        let minutes = duration.map { " (\($0 / 60):\(String(format: "%02d", $0 % 60)))" } ?? ""
        let content =
            event.direction == .incoming ? "Answered call from \(number)\(minutes)" : "Call to \(number)\(minutes)"
        outcome.contactID = contactID
        outcome.conversationID = conversationID
        outcome.messageID = try await tx.insertCallMessage(
            inbox: inbox, conversationID: conversationID, contactID: contactID, outgoing: event.direction == .outgoing,
            agentEmail: agent, content: content, call: call, externalID: "call:\(event.callID)",
            rawPayload: event.rawPayload, at: event.at
        )
    }
}
