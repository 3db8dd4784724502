import Foundation

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

/// Where a call stands: decided by which events arrived, never by the order they arrived in.
public enum CallStatus: String, Sendable, Codable {
    case ringing, answered, missed, completed, unanswered

    /// An `answered` event makes the call answered whether it came before or after the `hangup`; a hang-up
    /// without one is missed (incoming) or unanswered (outgoing); `ringing` alone changes nothing.
    public init(direction: CallEvent.Direction, answered: Bool, hungUp: Bool) {
        switch (answered, hungUp) {
        case (true, true): self = .completed
        case (true, false): self = .answered
        case (false, true): self = direction == .incoming ? .missed : .unanswered
        case (false, false): self = .ringing
        }
    }

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
