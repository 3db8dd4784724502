import Foundation

/// A message the intake bot sends: the text, and the options a platform with buttons shows as buttons.
public struct IntakeMessage: Sendable, Equatable {
    public var content: String
    public var choices: [String]

    public init(content: String, choices: [String] = []) {
        self.content = content
        self.choices = choices
    }
}

/// What one turn of the intake decided: the new progress, what to send, what to keep on the contact.
public struct IntakeStep: Sendable, Equatable {
    public var progress: IntakeProgress
    public var messages: [IntakeMessage]
    /// Answers to merge into the contact's attributes now.
    public var attributes: [String: JSONValue]

    /// The intake ended with this step: the conversation goes to the humans.
    public var finished: Bool { progress.state != .running }
}

/// The intake's decisions, with no database and no clock: which question comes next, whether an answer
/// fits, when to ask again, remind, or hand over. The ingest and the scheduler carry its steps out.
public struct IntakeMachine: Sendable {
    public let questionnaire: IntakeQuestionnaire
    public let language: String?
    /// The channel shows choices as buttons (Telegram, Viber, VK, WhatsApp); others get numbered options.
    public let buttons: Bool
    let wording: IntakeWording

    public init(_ questionnaire: IntakeQuestionnaire, language: String?, buttons: Bool) {
        self.questionnaire = questionnaire
        self.language = language
        self.buttons = buttons
        self.wording = IntakeWording.forLanguage(language)
    }

    /// A new conversation: the first question not already answered by the contact's attributes
    /// (`known`, when the questionnaire skips known answers), or done at once when all are.
    public func start(known: [String: JSONValue]) -> IntakeStep {
        var progress = IntakeProgress(state: .running)
        if questionnaire.skipKnownAnswers {
            for question in questionnaire.questions {
                if let value = known[question.attribute], value != .null { progress.answers[question.attribute] = value }
            }
        }
        return advance(progress, attributes: [:])
    }

    /// The contact's reply to the current question.
    public func receive(_ text: String, _ progress: IntakeProgress) -> IntakeStep {
        guard progress.state == .running, let index = progress.current, index < questionnaire.questions.count else {
            return IntakeStep(progress: progress, messages: [], attributes: [:])
        }
        if mentionsHandoffKeyword(text) { return handOff(progress, .keyword) }
        let question = questionnaire.questions[index]
        var next = progress
        next.reminders = 0
        switch Self.check(text, question, wording) {
        case .success(let value?):
            next.answers[question.attribute] = value
            return advance(next, attributes: [question.attribute: value])
        case .success(nil):
            next.answers[question.attribute] = .null
            return advance(next, attributes: [:])
        case .failure(let misfit):
            if !progress.retried {
                next.retried = true
                return IntakeStep(progress: next, messages: [ask(index, prefix: misfit.reason)], attributes: [:])
            }
            if question.required { return handOff(next, .unclearAnswer) }
            next.answers[question.attribute] = .null
            return advance(next, attributes: [:])
        }
    }

    /// The reminder time came with the current question unanswered: remind twice, then hand over.
    public func remind(_ progress: IntakeProgress) -> IntakeStep {
        guard progress.state == .running, let index = progress.current else {
            return IntakeStep(progress: progress, messages: [], attributes: [:])
        }
        guard progress.reminders < 2 else { return handOff(progress, .unanswered) }
        var next = progress
        next.reminders += 1
        return IntakeStep(progress: next, messages: [ask(index, prefix: wording.reminder)], attributes: [:])
    }

    /// An agent took the conversation while the bot was asking.
    public func handOff(_ progress: IntakeProgress, _ reason: IntakeHandoffReason) -> IntakeStep {
        var next = progress
        next.state = .handedOff
        next.handoffReason = reason
        next.current = nil
        next.retried = false
        return IntakeStep(progress: next, messages: [], attributes: [:])
    }

    /// The private note agents find when the conversation reaches them: each question's answer, and why
    /// the bot stopped early — in the contact's language, as the questions were asked.
    public func summary(_ progress: IntakeProgress) -> String {
        var lines = ["\(wording.summaryTitle):"]
        for question in questionnaire.questions {
            lines.append("\(question.attribute): \(progress.answers[question.attribute].map(shown) ?? "—")")
        }
        switch progress.handoffReason {
        case .keyword?: lines.append(wording.handedOffByKeyword)
        case .unanswered?: lines.append(wording.handedOffUnanswered)
        case .unclearAnswer?: lines.append(wording.handedOffUnclear)
        case .agent?, .intakeRemoved?, .bot?, .botFailed?, .botRemoved?, nil: break
        }
        return lines.joined(separator: "\n")
    }

    /// An answer as the note shows it: yes and no in the contact's language, as the bot offered them.
    func shown(_ value: JSONValue) -> String {
        switch value {
        case .bool(let yes): (yes ? wording.yes : wording.no).lowercased()
        default: value.stringValue ?? "—"
        }
    }

    /// The first question without an answer (a skipped one holds null), or the end.
    func advance(_ progress: IntakeProgress, attributes: [String: JSONValue]) -> IntakeStep {
        var next = progress
        next.retried = false
        next.reminders = 0
        guard let index = questionnaire.questions.firstIndex(where: { next.answers[$0.attribute] == nil }) else {
            next.state = .done
            next.current = nil
            return IntakeStep(progress: next, messages: [], attributes: attributes)
        }
        next.current = index
        return IntakeStep(progress: next, messages: [ask(index, prefix: nil)], attributes: attributes)
    }

    /// Question `index` as a message: its prompt in the contact's language, with the options as buttons
    /// or, where the channel has none, numbered in the text.
    func ask(_ index: Int, prefix: String?) -> IntakeMessage {
        let question = questionnaire.questions[index]
        var text = questionnaire.prompt(index, language: language)
        if let prefix { text = "\(prefix)\n\n\(text)" }
        let options: [String] =
            switch question.kind {
            case .choice: question.choices
            case .yesNo: [wording.yes, wording.no]
            case .text, .number: []
            }
        if !question.required { text += "\n\(wording.skipHint)" }
        if buttons { return IntakeMessage(content: text, choices: options) }
        if !options.isEmpty {
            text += "\n\n" + options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        }
        return IntakeMessage(content: text)
    }

    func mentionsHandoffKeyword(_ text: String) -> Bool {
        let said = Self.words(text)
        return questionnaire.handoffKeywords.contains { keyword in
            let wanted = Self.words(keyword)
            guard !wanted.isEmpty, wanted.count <= said.count else { return false }
            return (0...(said.count - wanted.count)).contains { Array(said[$0..<($0 + wanted.count)]) == wanted }
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
