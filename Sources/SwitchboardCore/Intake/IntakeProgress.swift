import Foundation

/// Where a conversation's intake stands. `running`: the bot asks, no human sees it as waiting;
/// `done`: every question answered (or skipped); `handed_off`: a person took over before the end.
public enum IntakeState: String, Sendable, CaseIterable {
    case running, done
    case handedOff = "handed_off"
}

/// Why an intake ended before its last question.
public enum IntakeHandoffReason: String, Sendable {
    /// The contact wrote one of the inbox's hand-off keywords.
    case keyword
    /// Two reminders went unanswered.
    case unanswered
    /// A required question was answered wrongly twice.
    case unclearAnswer = "unclear_answer"
    /// An agent or a rule took the conversation while the bot was asking.
    case agent
    /// The inbox's external bot handed over (`PATCH status: open`).
    case bot
    /// A delivery to the external bot died: it could not be reached.
    case botFailed = "bot_failed"
    /// The inbox's bot was removed, or its webhook endpoint deleted.
    case botRemoved = "bot_removed"
    /// The inbox's questionnaire was removed while the bot was asking.
    case intakeRemoved = "intake_removed"
}

/// A conversation's intake, kept as JSON on the conversation: what was answered, which question is
/// open, whether it was asked again, how many reminders went out.
public struct IntakeProgress: Sendable, Equatable {
    public var state: IntakeState
    /// Attribute → answer: what the contact answered, what their attributes already held (skipped
    /// questions), and null for a question they skipped or left unclear.
    public var answers: [String: JSONValue]
    /// The question the bot waits for an answer to, while running.
    public var current: Int?
    /// The current question was already asked again once after an answer that did not fit.
    public var retried: Bool
    /// Reminders sent for the current question.
    public var reminders: Int
    public var handoffReason: IntakeHandoffReason?
    /// The inbox's external bot talks with the contact, not the built-in questionnaire.
    public var bot: Bool

    public init(
        state: IntakeState, answers: [String: JSONValue] = [:], current: Int? = nil, retried: Bool = false,
        reminders: Int = 0, handoffReason: IntakeHandoffReason? = nil, bot: Bool = false
    ) {
        self.bot = bot
        self.state = state
        self.answers = answers
        self.current = current
        self.retried = retried
        self.reminders = reminders
        self.handoffReason = handoffReason
    }

    /// Everything, as the conversation row keeps it.
    public var json: JSONValue {
        var fields = publicFields
        fields["current"] = current.map { .number(Double($0)) } ?? .null
        fields["retried"] = .bool(retried)
        fields["reminders"] = .number(Double(reminders))
        return .object(fields)
    }

    /// What agents see on the conversation: `{state, answers, handoff_reason, bot}`.
    public var publicFields: [String: JSONValue] {
        [
            "state": .string(state.rawValue), "answers": .object(answers),
            "handoff_reason": handoffReason.map { .string($0.rawValue) } ?? .null, "bot": .bool(bot),
        ]
    }

    /// Reads the stored JSON; nil for a conversation without intake.
    public static func stored(_ json: JSONValue?) -> IntakeProgress? {
        guard case .object(let fields)? = json, let state = fields["state"]?.stringValue.flatMap(IntakeState.init(rawValue:))
        else { return nil }
        var answers: [String: JSONValue] = [:]
        if case .object(let given)? = fields["answers"] { answers = given }
        return IntakeProgress(
            state: state, answers: answers, current: IntakeQuestionnaire.integer(fields["current"]),
            retried: fields["retried"] == .bool(true), reminders: IntakeQuestionnaire.integer(fields["reminders"]) ?? 0,
            handoffReason: fields["handoff_reason"]?.stringValue.flatMap(IntakeHandoffReason.init(rawValue:)),
            bot: fields["bot"] == .bool(true)
        )
    }
}
