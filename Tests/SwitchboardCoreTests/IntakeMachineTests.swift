import Foundation
import SwitchboardCore
import Testing

/// The intake's decisions without a database: which question comes next, whether an answer fits, when to
/// ask again, remind or hand over, and how a questionnaire is checked.
@Suite struct IntakeMachineTests {
    static let helpLine = IntakeQuestionnaire(
        questions: [
            IntakeQuestion(attribute: "age", prompt: "How old are you?", kind: .number, min: 10, max: 99),
            IntakeQuestion(attribute: "topic", prompt: "What is it about?", kind: .choice, choices: ["Family", "Work", "Health"]),
            IntakeQuestion(attribute: "consent", prompt: "May we keep notes?", kind: .yesNo),
        ],
        variants: ["uk": ["Скільки вам років?", "Про що йдеться?", "Чи можемо ми вести нотатки?"]],
        reminderMinutes: 10, handoffKeywords: ["operator", "оператор", "live person"]
    )

    @Test("a full run with numbered options: a wrong answer is asked again once with the reason, answers become attributes")
    func fullRun() {
        let machine = IntakeMachine(Self.helpLine, language: "en", buttons: false)
        var step = machine.start(known: [:])
        #expect(step.messages == [IntakeMessage(content: "How old are you?")])
        #expect(step.progress.state == .running && step.progress.current == 0)

        step = machine.receive("about twenty", step.progress)
        #expect(step.messages.first?.content == "Please answer with a number from 10 to 99.\n\nHow old are you?")
        #expect(step.progress.current == 0 && step.progress.retried)
        #expect(step.attributes.isEmpty)

        step = machine.receive("I am 16", step.progress)
        #expect(step.attributes == ["age": .number(16)])
        #expect(step.messages.first?.content == "What is it about?\n\n1. Family\n2. Work\n3. Health")
        #expect(!step.progress.retried, "the next question gets its own second chance")

        step = machine.receive("2", step.progress)
        #expect(step.attributes == ["topic": "Work"])
        #expect(step.messages.first?.content == "May we keep notes?\n\n1. Yes\n2. No")

        step = machine.receive("так", step.progress)
        #expect(step.finished && step.progress.state == .done)
        #expect(step.progress.answers == ["age": .number(16), "topic": "Work", "consent": .bool(true)])
        #expect(step.messages.isEmpty)
        #expect(machine.summary(step.progress) == "Intake answers:\nage: 16\ntopic: Work\nconsent: yes")
    }

    @Test("buttons carry the options on messengers; prompts and reasons follow the contact's language")
    func buttonsAndLanguage() {
        let machine = IntakeMachine(Self.helpLine, language: "uk-UA", buttons: true)
        var step = machine.start(known: ["age": .number(30)])
        #expect(step.messages == [IntakeMessage(content: "Про що йдеться?", choices: ["Family", "Work", "Health"])])
        step = machine.receive("щось інше", step.progress)
        #expect(step.messages.first?.content.hasPrefix("Будь ласка, оберіть один із варіантів") == true)
        step = machine.receive("health", step.progress)
        #expect(step.messages == [IntakeMessage(content: "Чи можемо ми вести нотатки?", choices: ["Так", "Ні"])])
        step = machine.receive("Ні", step.progress)
        #expect(step.progress.answers["consent"] == .bool(false))
        #expect(step.progress.answers["age"] == .number(30), "the known age was not asked again")
    }

    @Test("a second wrong answer hands a required question to a human; an optional one is skipped")
    func secondMisfit() {
        let machine = IntakeMachine(Self.helpLine, language: nil, buttons: false)
        var step = machine.receive("abc", machine.start(known: [:]).progress)
        step = machine.receive("still no number", step.progress)
        #expect(step.progress.state == .handedOff && step.progress.handoffReason == .unclearAnswer)

        var optional = Self.helpLine
        optional.questions[0].required = false
        let lenient = IntakeMachine(optional, language: nil, buttons: false)
        #expect(lenient.start(known: [:]).messages.first?.content == "How old are you?\n(send - to skip)")
        step = lenient.receive("-", lenient.start(known: [:]).progress)
        #expect(step.progress.answers["age"] == .null && step.progress.current == 1 && step.attributes.isEmpty)
    }

    @Test("a hand-off keyword anywhere in a reply ends the intake at once")
    func handoffKeyword() {
        let machine = IntakeMachine(Self.helpLine, language: "ru", buttons: false)
        let started = machine.start(known: [:])
        #expect(machine.receive("Дайте ОПЕРАТОРА!", started.progress).progress.state == .running, "another word form is no keyword")
        let step = machine.receive("please, a Live  Person", started.progress)
        #expect(step.progress.state == .handedOff && step.progress.handoffReason == .keyword)
        #expect(machine.receive("оператор", started.progress).finished)
        #expect(machine.summary(step.progress).hasSuffix("Контакт попросил человека."), "the note speaks the contact's language")
    }

    @Test("two reminders repeat the open question, the third time a human takes over")
    func reminders() {
        let machine = IntakeMachine(Self.helpLine, language: "en", buttons: false)
        var step = machine.remind(machine.start(known: [:]).progress)
        #expect(step.messages.first?.content == "Are you still there? Please answer the question:\n\nHow old are you?")
        step = machine.remind(step.progress)
        #expect(step.progress.reminders == 2 && !step.finished)
        step = machine.remind(step.progress)
        #expect(step.progress.state == .handedOff && step.progress.handoffReason == .unanswered && step.messages.isEmpty)
    }

    @Test("a returning contact whose attributes answer everything is not asked; skip_known_answers false asks again")
    func knownAnswers() {
        let known: [String: JSONValue] = ["age": .number(40), "topic": "Family", "consent": .bool(true)]
        let step = IntakeMachine(Self.helpLine, language: nil, buttons: false).start(known: known)
        #expect(step.finished && step.progress.state == .done && step.messages.isEmpty)
        var asking = Self.helpLine
        asking.skipKnownAnswers = false
        #expect(IntakeMachine(asking, language: nil, buttons: false).start(known: known).progress.current == 0)
    }

    @Test("a questionnaire is checked part by part, naming each wrong field")
    func parse() throws {
        let bad: JSONValue = .object([
            "questions": .array([
                .object(["attribute": "age", "prompt": "Age?", "kind": "integer"]),
                .object(["attribute": "topic", "prompt": "Topic?", "kind": "choice", "choices": .array(["One"])]),
                .object(["attribute": "n", "prompt": "N?", "kind": "number", "min": .number(5), "max": .number(1)]),
            ]),
            "variants": .object(["uk": .array(["Вік?"])]),
            "reminder_minutes": .number(0),
            "colour": "blue",
        ])
        #expect(throws: SwitchboardError.self) { try IntakeQuestionnaire.parse(bad) }
        do {
            _ = try IntakeQuestionnaire.parse(bad)
        } catch {
            guard case .invalid(let errors) = error else { Issue.record("\(error)"); return }
            #expect(
                Set(errors.map(\.field)) == [
                    "intake.questions[0].kind", "intake.questions[1].choices", "intake.questions[2].max",
                    "intake.variants.uk", "intake.reminder_minutes", "intake.colour",
                ]
            )
        }
        let good = try IntakeQuestionnaire.parse(Self.helpLine.json)
        #expect(good == Self.helpLine)
    }
}

extension IntakeMachineTests {
    @Test("the summary note speaks the contact's language: its title, yes and no, and why the bot stopped")
    func summaryInTheContactsLanguage() {
        let ukrainian = IntakeMachine(Self.helpLine, language: "uk", buttons: true)
        var step = ukrainian.start(known: ["age": .number(30), "topic": "Work"])
        step = ukrainian.receive("Так", step.progress)
        #expect(ukrainian.summary(step.progress) == "Відповіді анкети:\nage: 30\ntopic: Work\nconsent: так")

        let russian = IntakeMachine(Self.helpLine, language: "ru-RU", buttons: false)
        let handedOff = russian.receive("оператор", russian.start(known: [:]).progress)
        #expect(russian.summary(handedOff.progress) == "Ответы анкеты:\nage: —\ntopic: —\nconsent: —\nКонтакт попросил человека.")
        let unanswered = russian.handOff(russian.start(known: [:]).progress, .unanswered)
        #expect(russian.summary(unanswered.progress).hasSuffix("Контакт перестал отвечать; разговор передан человеку."))

        let other = IntakeMachine(Self.helpLine, language: "de", buttons: false)
        #expect(other.summary(handedOff.progress).hasPrefix("Intake answers:"), "a language the bot does not speak gets English")
    }
}
