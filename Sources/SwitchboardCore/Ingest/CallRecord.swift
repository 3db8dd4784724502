import Foundation

/// Everything known of one call: the union of the events that arrived, whatever their order. A provider
/// may send `answered` after `hangup`, or `ringing` last; each event fills in its own facts, so the record
/// (and the status derived from it) is the same for every order of the same events.
public struct CallRecord: Sendable, Equatable {
    public var callID: String
    public var direction: CallEvent.Direction
    public var from: String
    public var to: String
    /// When each event happened: its `at`, or when it arrived when the provider sent none.
    public var ringingAt: Date?
    public var answeredAt: Date?
    public var endedAt: Date?
    public var agentEmail: String?
    public var cause: String?
    public var durationSeconds: Int?
    public var recordingURL: String?
    /// What the call produced: its contact, the conversation it is in and the message that shows it.
    public var contactID: Int64?
    public var conversationID: Int64?
    public var messageID: Int64?

    public init(
        callID: String, direction: CallEvent.Direction, from: String, to: String, ringingAt: Date? = nil,
        answeredAt: Date? = nil, endedAt: Date? = nil, agentEmail: String? = nil, cause: String? = nil,
        durationSeconds: Int? = nil, recordingURL: String? = nil, contactID: Int64? = nil, conversationID: Int64? = nil,
        messageID: Int64? = nil
    ) {
        self.callID = callID
        self.direction = direction
        self.from = from
        self.to = to
        self.ringingAt = ringingAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.agentEmail = agentEmail
        self.cause = cause
        self.durationSeconds = durationSeconds
        self.recordingURL = recordingURL
        self.contactID = contactID
        self.conversationID = conversationID
        self.messageID = messageID
    }

    /// The first event of a call: it tells the direction and the numbers.
    public init(_ event: CallEvent) {
        self.init(callID: event.callID, direction: event.direction, from: event.from, to: event.to)
        add(event)
    }

    public var status: CallStatus { CallStatus(direction: direction, answered: answeredAt != nil, hungUp: endedAt != nil) }

    /// The customer's number: who called in, or whom an agent called.
    public var customerNumber: String { direction == .incoming ? from : to }

    /// Takes in one more event's facts. Each moment is its own event's; details a later event repeats
    /// (agent, duration, recording) take the newer value.
    public mutating func add(_ event: CallEvent) {
        switch event.kind {
        case .ringing: ringingAt = ringingAt ?? event.at
        case .answered: answeredAt = answeredAt ?? event.at
        case .hangup: endedAt = endedAt ?? event.at
        }
        agentEmail = event.agentEmail ?? agentEmail
        cause = event.cause ?? cause
        durationSeconds = event.durationSeconds ?? durationSeconds
        recordingURL = event.recordingURL ?? recordingURL
    }

    /// The talk time: as the provider reported it, else from `answered` to `hangup` when their `at` are in
    /// that order (an event sent without `at` is stamped when it arrives, so a late one tells no duration).
    public var talkSeconds: Int? {
        if let durationSeconds { return durationSeconds }
        guard let answeredAt, let endedAt, endedAt >= answeredAt else { return nil }
        return Int(endedAt.timeIntervalSince(answeredAt).rounded())
    }

    /// The answer to an event of this call, as the call stands now.
    public func outcome(event: CallEvent.Kind) -> CallOutcome {
        CallOutcome(
            callID: callID, event: event.rawValue, status: status, contactID: contactID, conversationID: conversationID,
            messageID: messageID
        )
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// The missed call's message: the caller waits for a call back.
    var missedMessage: (content: String, call: [String: JSONValue], at: Date) {
        let at = endedAt ?? answeredAt ?? ringingAt ?? Date()
        return (
            "Missed call from \(from)",
            ["status": .string("missed"), "from": .string(from), "at": .string(Self.timestamp(at))],
            at
        )
    }

    /// The answered call's message: who spoke with the customer, how long, and the recording.
    var answeredMessage: (content: String, call: [String: JSONValue], at: Date) {
        let at = answeredAt ?? endedAt ?? Date()
        var call: [String: JSONValue] = [
            "status": .string("answered"), "direction": .string(direction.rawValue), "from": .string(from),
            "at": .string(Self.timestamp(at)),
        ]
        let duration = talkSeconds
        if let duration { call["duration_seconds"] = .number(Double(duration)) }
        if let agentEmail { call["agent"] = .string(agentEmail) }
        if let recordingURL { call["recording_url"] = .string(recordingURL) }
        let minutes = duration.map { " (\($0 / 60):\(String(format: "%02d", $0 % 60)))" } ?? ""
        let content =
            direction == .incoming ? "Answered call from \(customerNumber)\(minutes)" : "Call to \(customerNumber)\(minutes)"
        return (content, call, at)
    }
}
