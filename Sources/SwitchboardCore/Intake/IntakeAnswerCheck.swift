import Foundation

extension IntakeMachine {
    /// Reads a reply as the answer to `question`: the value to keep, nil for a skipped question, or the
    /// reason (in the contact's language) why it does not fit.
    static func check(_ text: String, _ question: IntakeQuestion, _ wording: IntakeWording) -> Result<JSONValue?, Misfit> {
        let reply = text.trimmed
        let plain = reply.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".!?)"))
        if !question.required, IntakeWording.skipWords.contains(plain) { return .success(nil) }
        guard !reply.isEmpty else { return .failure(Misfit(wording.empty)) }
        switch question.kind {
        case .text:
            return .success(.string(String(reply.prefix(1000))))
        case .number:
            guard let number = firstNumber(in: reply) else { return .failure(Misfit(rangeHint(question, wording))) }
            if let min = question.min, number < min { return .failure(Misfit(rangeHint(question, wording))) }
            if let max = question.max, number > max { return .failure(Misfit(rangeHint(question, wording))) }
            return .success(.number(number))
        case .choice:
            if let picked = question.choices.first(where: { $0.lowercased() == plain }) { return .success(.string(picked)) }
            if let position = Int(plain), question.choices.indices.contains(position - 1) {
                return .success(.string(question.choices[position - 1]))
            }
            return .failure(Misfit(wording.pickOne))
        case .yesNo:
            for (words, value) in [(IntakeWording.yesWords, true), (IntakeWording.noWords, false)] {
                if words.contains(plain) { return .success(.bool(value)) }
            }
            for wording in [IntakeWording.english, .russian, .ukrainian] {
                if plain == wording.yes.lowercased() { return .success(.bool(true)) }
                if plain == wording.no.lowercased() { return .success(.bool(false)) }
            }
            if plain == "1" { return .success(.bool(true)) }
            if plain == "2" { return .success(.bool(false)) }
            return .failure(Misfit(wording.yesOrNo))
        }
    }

    /// Why a number did not fit, naming the bounds the question has.
    static func rangeHint(_ question: IntakeQuestion, _ wording: IntakeWording) -> String {
        func text(_ bound: Double) -> String { JSONValue.number(bound).stringValue ?? String(bound) }
        switch (question.min, question.max) {
        case let (min?, max?): return String(format: wording.between, text(min), text(max))
        case let (min?, nil): return String(format: wording.atLeast, text(min))
        case let (nil, max?): return String(format: wording.atMost, text(max))
        case (nil, nil): return wording.numberNeeded
        }
    }

    /// The first number written in the reply ("16", "мне 16 лет", "1,5"), if any.
    static func firstNumber(in text: String) -> Double? {
        var digits = ""
        var seenSeparator = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !digits.isEmpty, !seenSeparator, character == "." || character == "," {
                seenSeparator = true
                digits.append(".")
            } else if !digits.isEmpty {
                break
            } else if character == "-" {
                digits = ""
            }
        }
        if digits.hasSuffix(".") { digits.removeLast() }
        let negative = text.trimmed.hasPrefix("-")
        return Double(digits).map { negative ? -$0 : $0 }
    }
}

/// Why an answer does not fit its question, in words for the contact.
struct Misfit: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
