import Foundation

/// What kind of answer a question takes, and so how the bot checks it.
public enum IntakeAnswerKind: String, Sendable, CaseIterable {
    case text, number, choice
    case yesNo = "yes_no"
}

/// One question of an inbox's intake: its answer becomes the contact attribute `attribute`.
public struct IntakeQuestion: Sendable, Equatable {
    public var attribute: String
    public var prompt: String
    public var kind: IntakeAnswerKind
    /// The options of a `choice` question, in the order they are offered (a reply "2" picks the second).
    public var choices: [String]
    /// Bounds of a `number` answer, inclusive.
    public var min: Double?
    public var max: Double?
    /// A question that is not required may be skipped ("-", "skip"); a required one never is.
    public var required: Bool

    public init(
        attribute: String, prompt: String, kind: IntakeAnswerKind, choices: [String] = [], min: Double? = nil,
        max: Double? = nil, required: Bool = true
    ) {
        self.attribute = attribute
        self.prompt = prompt
        self.kind = kind
        self.choices = choices
        self.min = min
        self.max = max
        self.required = required
    }
}

/// An inbox's questionnaire: the bot asks it before a human takes the conversation (a help line asks
/// age, topic and consent first). Kept as JSON on the inbox; `parse` is the one place it is checked.
public struct IntakeQuestionnaire: Sendable, Equatable {
    public var questions: [IntakeQuestion]
    /// Prompts in other languages, one per question in the same order (`{"uk": ["Скільки вам років?", …]}`).
    public var variants: [String: [String]]
    /// Minutes without an answer before a reminder; after the second unanswered reminder a human takes over.
    public var reminderMinutes: Int?
    /// Words that hand the conversation to a human at once ("operator", "оператор").
    public var handoffKeywords: [String]
    /// Sent when the intake ends (instead of the inbox's greeting); a rule's reply replaces it.
    public var doneTemplateID: Int64?
    /// A returning contact is not asked again what their attributes already hold.
    public var skipKnownAnswers: Bool

    public init(
        questions: [IntakeQuestion], variants: [String: [String]] = [:], reminderMinutes: Int? = nil,
        handoffKeywords: [String] = [], doneTemplateID: Int64? = nil, skipKnownAnswers: Bool = true
    ) {
        self.questions = questions
        self.variants = variants
        self.reminderMinutes = reminderMinutes
        self.handoffKeywords = handoffKeywords
        self.doneTemplateID = doneTemplateID
        self.skipKnownAnswers = skipKnownAnswers
    }

    /// The prompt of question `index` in `language` (the exact tag, then its primary language), else the main one.
    public func prompt(_ index: Int, language: String?) -> String {
        for tag in IntakeWording.candidates(language) {
            if let prompts = variants[tag], index < prompts.count { return prompts[index] }
        }
        return questions[index].prompt
    }

    /// The questionnaire as it is stored and shown.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "questions": .array(questions.map(\.json)),
            "variants": .object(variants.mapValues { .array($0.map(JSONValue.string)) }),
            "handoff_keywords": .array(handoffKeywords.map(JSONValue.string)),
            "skip_known_answers": .bool(skipKnownAnswers),
            "reminder_minutes": reminderMinutes.map { .number(Double($0)) } ?? .null,
            "done_template_id": doneTemplateID.map { .number(Double($0)) } ?? .null,
        ]
        if variants.isEmpty { fields["variants"] = .object([:]) }
        return .object(fields)
    }
}

extension IntakeQuestion {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "attribute": .string(attribute), "prompt": .string(prompt), "kind": .string(kind.rawValue),
            "required": .bool(required),
        ]
        if kind == .choice { fields["choices"] = .array(choices.map(JSONValue.string)) }
        if let min { fields["min"] = .number(min) }
        if let max { fields["max"] = .number(max) }
        return .object(fields)
    }
}
