import Foundation

extension IntakeQuestionnaire {
    static let knownKeys: Set<String> = [
        "questions", "variants", "reminder_minutes", "handoff_keywords", "done_template_id", "skip_known_answers",
    ]
    static let questionKeys: Set<String> = ["attribute", "prompt", "kind", "choices", "min", "max", "required"]

    /// Reads a questionnaire as an administrator wrote it, naming every wrong part (`intake.questions[0].kind`),
    /// so nothing half-valid is ever saved. Whether `done_template_id` names a template is the caller's check.
    public static func parse(_ json: JSONValue, field: String = "intake") throws(SwitchboardError) -> IntakeQuestionnaire {
        var errors: [FieldError] = []
        func fail(_ path: String, _ message: String) { errors.append(FieldError(field: "\(field)\(path)", message: message)) }
        guard case .object(let fields) = json else {
            throw .invalid(field, "must be an object {questions, variants?, reminder_minutes?, handoff_keywords?, done_template_id?}")
        }
        for key in fields.keys.sorted() where !knownKeys.contains(key) { fail(".\(key)", "is not a setting of the intake") }
        var questions: [IntakeQuestion] = []
        if case .array(let items)? = fields["questions"], (1...20).contains(items.count) {
            var attributes = Set<String>()
            for (index, item) in items.enumerated() {
                let path = ".questions[\(index)]"
                guard let question = parseQuestion(item, path: path, fail: fail) else { continue }
                if !attributes.insert(question.attribute).inserted { fail("\(path).attribute", "is asked twice") }
                questions.append(question)
            }
        } else {
            fail(".questions", "must be a list of 1 to 20 questions")
        }
        var variants: [String: [String]] = [:]
        switch fields["variants"] {
        case nil, .null?: break
        case .object(let languages)?:
            for (language, value) in languages.sorted(by: { $0.key < $1.key }) {
                guard IntakeWording.isLanguageTag(language) else {
                    fail(".variants.\(language)", "must be keyed by a language tag such as uk or pt-BR")
                    continue
                }
                let prompts = stringList(value)
                guard let prompts, prompts.count == (fields["questions"].flatMap(arrayCount) ?? -1),
                    prompts.allSatisfy({ (1...1000).contains($0.trimmed.count) && storable($0) })
                else {
                    fail(".variants.\(language)", "must list one prompt of 1 to 1000 characters per question, in order")
                    continue
                }
                variants[language.lowercased()] = prompts
            }
        default: fail(".variants", "must map languages to lists of prompts, e.g. {\"uk\": [\"…\"]}")
        }
        let reminder = integer(fields["reminder_minutes"])
        if fields["reminder_minutes"].map({ $0 != .null }) == true, !(1...10080).contains(reminder ?? 0) {
            fail(".reminder_minutes", "must be a whole number of minutes from 1 to 10080")
        }
        var keywords: [String] = []
        switch fields["handoff_keywords"] {
        case nil, .null?: break
        case let value?:
            if let list = stringList(value), list.count <= 20,
                list.allSatisfy({ (1...50).contains($0.trimmed.count) && storable($0) })
            {
                keywords = list.map(\.trimmed)
            } else {
                fail(".handoff_keywords", "must be a list of at most 20 words of 1 to 50 characters")
            }
        }
        let done = integer(fields["done_template_id"])
        if fields["done_template_id"].map({ $0 != .null }) == true, (done ?? 0) < 1 {
            fail(".done_template_id", "must be a template id")
        }
        var skipKnown = true
        switch fields["skip_known_answers"] {
        case nil, .null?: break
        case .bool(let value)?: skipKnown = value
        default: fail(".skip_known_answers", "must be true or false")
        }
        if !errors.isEmpty { throw .invalid(errors) }
        return IntakeQuestionnaire(
            questions: questions, variants: variants, reminderMinutes: reminder, handoffKeywords: keywords,
            doneTemplateID: done.map(Int64.init), skipKnownAnswers: skipKnown
        )
    }

    static func parseQuestion(
        _ item: JSONValue, path: String, fail: (String, String) -> Void
    ) -> IntakeQuestion? {
        guard case .object(let fields) = item else {
            fail(path, "must be an object {attribute, prompt, kind, choices?, min?, max?, required}")
            return nil
        }
        var valid = true
        func bad(_ key: String, _ message: String) {
            fail("\(path).\(key)", message)
            valid = false
        }
        for key in fields.keys.sorted() where !questionKeys.contains(key) { bad(key, "is not a field of a question") }
        let attribute = fields["attribute"]?.stringValue ?? ""
        if !isAttributeName(attribute) {
            bad("attribute", "must be 1 to 100 letters, digits or _ (the contact attribute the answer is kept in)")
        }
        let prompt = (fields["prompt"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "")
        if !(1...1000).contains(prompt.trimmed.count) || !storable(prompt) {
            bad("prompt", "must be 1 to 1000 characters, without control characters")
        }
        let kind = fields["kind"]?.stringValue.flatMap(IntakeAnswerKind.init(rawValue:))
        if kind == nil { bad("kind", "must be one of text, number, choice, yes_no") }
        var choices: [String] = []
        if kind == .choice {
            if let list = fields["choices"].flatMap(stringList), (2...10).contains(list.count),
                list.allSatisfy({ (1...40).contains($0.trimmed.count) && storable($0) }),
                Set(list.map { $0.trimmed.lowercased() }).count == list.count
            {
                choices = list.map(\.trimmed)
            } else {
                bad("choices", "must list 2 to 10 different options of 1 to 40 characters")
            }
        } else if let given = fields["choices"], given != .null {
            bad("choices", "only a choice question has choices")
        }
        let min = number(fields["min"], path: "min", bad: bad)
        let max = number(fields["max"], path: "max", bad: bad)
        if kind != .number, min != nil || max != nil { bad(min != nil ? "min" : "max", "only a number question has bounds") }
        if let min, let max, min > max { bad("max", "must not be below min") }
        var required = true
        switch fields["required"] {
        case nil, .null?: break
        case .bool(let value)?: required = value
        default: bad("required", "must be true or false")
        }
        guard valid, let kind else { return nil }
        return IntakeQuestion(
            attribute: attribute, prompt: prompt.trimmed, kind: kind, choices: choices, min: min, max: max,
            required: required
        )
    }

    static func number(_ value: JSONValue?, path: String, bad: (String, String) -> Void) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)? where number.isFinite && abs(number) < 1e12: return number
        default:
            bad(path, "must be a number")
            return nil
        }
    }

    static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    static func stringList(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value else { return nil }
        var list: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            list.append(text)
        }
        return list
    }

    static func arrayCount(_ value: JSONValue) -> Int? {
        if case .array(let items) = value { return items.count }
        return nil
    }

    /// Text PostgreSQL's jsonb can keep and a chat can show: no NUL, no other control characters but line breaks.
    static func storable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }
    }

    static func isAttributeName(_ name: String) -> Bool {
        (1...100).contains(name.count) && name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }

    /// Reads a stored questionnaire back; nil when there is none (or it no longer reads, which `parse` prevents).
    public static func stored(_ json: JSONValue?) -> IntakeQuestionnaire? {
        guard let json, json != .null else { return nil }
        return try? parse(json)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
