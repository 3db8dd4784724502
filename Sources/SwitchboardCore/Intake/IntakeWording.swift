import Foundation

/// What the intake bot says besides the administrator's prompts, in the languages the product speaks
/// (English, Russian, Ukrainian; English for any other), and the words it understands as yes, no and skip.
public struct IntakeWording: Sendable, Equatable {
    var yes: String
    var no: String
    var reminder: String
    var numberNeeded: String
    /// `%@` … `%@`: the bounds.
    var between: String
    var atLeast: String
    var atMost: String
    var pickOne: String
    var yesOrNo: String
    var empty: String
    var skipHint: String
    var summaryTitle: String
    var handedOffByKeyword: String
    var handedOffUnanswered: String
    var handedOffUnclear: String
    /// The button that opens a list of options (WhatsApp shows a question with 4–10 options as a list).
    var listButton: String

    static let english = IntakeWording(
        yes: "Yes", no: "No", reminder: "Are you still there? Please answer the question:",
        numberNeeded: "Please answer with a number.", between: "Please answer with a number from %@ to %@.",
        atLeast: "Please answer with a number of at least %@.", atMost: "Please answer with a number of at most %@.",
        pickOne: "Please pick one of the options (you may send its number).", yesOrNo: "Please answer yes or no.",
        empty: "Please write your answer.", skipHint: "(send - to skip)", summaryTitle: "Intake answers",
        handedOffByKeyword: "The contact asked for a person.",
        handedOffUnanswered: "The contact stopped answering; a person takes over.",
        handedOffUnclear: "The bot could not read an answer; a person takes over.", listButton: "Choose"
    )
    static let russian = IntakeWording(
        yes: "Да", no: "Нет", reminder: "Вы ещё здесь? Пожалуйста, ответьте на вопрос:",
        numberNeeded: "Пожалуйста, ответьте числом.", between: "Пожалуйста, ответьте числом от %@ до %@.",
        atLeast: "Пожалуйста, ответьте числом не меньше %@.", atMost: "Пожалуйста, ответьте числом не больше %@.",
        pickOne: "Пожалуйста, выберите один из вариантов (можно прислать его номер).",
        yesOrNo: "Пожалуйста, ответьте «да» или «нет».", empty: "Пожалуйста, напишите ответ.",
        skipHint: "(отправьте -, чтобы пропустить)", summaryTitle: "Ответы анкеты",
        handedOffByKeyword: "Контакт попросил человека.",
        handedOffUnanswered: "Контакт перестал отвечать; разговор передан человеку.",
        handedOffUnclear: "Бот не смог понять ответ; разговор передан человеку.", listButton: "Выбрать"
    )
    static let ukrainian = IntakeWording(
        yes: "Так", no: "Ні", reminder: "Ви ще тут? Будь ласка, дайте відповідь на питання:",
        numberNeeded: "Будь ласка, дайте відповідь числом.", between: "Будь ласка, дайте відповідь числом від %@ до %@.",
        atLeast: "Будь ласка, дайте відповідь числом не менше %@.", atMost: "Будь ласка, дайте відповідь числом не більше %@.",
        pickOne: "Будь ласка, оберіть один із варіантів (можна надіслати його номер).",
        yesOrNo: "Будь ласка, дайте відповідь «так» або «ні».", empty: "Будь ласка, напишіть відповідь.",
        skipHint: "(надішліть -, щоб пропустити)", summaryTitle: "Відповіді анкети",
        handedOffByKeyword: "Контакт попросив людину.",
        handedOffUnanswered: "Контакт перестав відповідати; розмову передано людині.",
        handedOffUnclear: "Бот не зміг зрозуміти відповідь; розмову передано людині.", listButton: "Обрати"
    )

    /// The wording for a contact's language tag (`uk-UA` → Ukrainian).
    public static func forLanguage(_ language: String?) -> IntakeWording {
        for tag in candidates(language) {
            switch tag {
            case "ru": return russian
            case "uk": return ukrainian
            case "en": return english
            default: continue
            }
        }
        return english
    }

    /// The title of the button that opens a list of options, in the contact's language: the connector
    /// that shows options as a list asks for it, since it knows nothing of the intake's wording.
    public static func listButton(language: String?) -> String {
        forLanguage(language).listButton
    }

    /// The exact tag, then its primary language, lowercased: `pt-BR` → [`pt-br`, `pt`].
    static func candidates(_ language: String?) -> [String] {
        guard let tag = language?.trimmed.lowercased().replacingOccurrences(of: "_", with: "-"), !tag.isEmpty else { return [] }
        let primary = String(tag.prefix { $0 != "-" })
        return primary == tag ? [tag] : [tag, primary]
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        (2...20).contains(tag.count) && tag.first?.isLetter == true
            && tag.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" }
    }

    /// Yes in every language the bot speaks, whatever language the contact uses.
    static let yesWords: Set<String> = ["yes", "y", "yeah", "yep", "да", "д", "ага", "так", "т", "+", "👍", "ok", "ок"]
    static let noWords: Set<String> = ["no", "n", "nope", "нет", "н", "не", "ні", "нi", "👎"]
    static let skipWords: Set<String> = ["-", "skip", "пропустить", "пропустити", "пропуск", "—"]
}
