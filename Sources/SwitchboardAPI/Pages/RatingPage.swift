import Foundation
import SwitchboardCore

/// The pages behind a survey's rating links, in the reader's language (English, Russian or Ukrainian).
///
/// They are for the person who was helped, not for an agent: short, no script, no external assets.
struct RatingPage {
    let words: Words

    init(acceptLanguage: String?) {
        words = Words.choose(acceptLanguage)
    }

    /// The confirmation a link opens: the rating, an optional comment and the button that records them.
    func confirm(rating: Int, actionPath: String, problem: String? = nil) -> String {
        let alert = problem.map { "<p class=\"alert\" role=\"alert\">\(HTMLEscape.escape($0))</p>\n" } ?? ""
        return document(
            """
            <h1>\(words.confirmTitle)</h1>
            \(alert)<p class="stars" aria-label="\(rating) / 5">\(Self.stars(rating))</p>
            <form method="post" action="\(HTMLEscape.escape(actionPath))">
            <label for="comment">\(words.commentLabel)</label>
            <textarea id="comment" name="comment" maxlength="\(Self.maxCommentLength)"></textarea>
            <button type="submit">\(words.send)</button>
            </form>
            """
        )
    }

    func thanks(rating: Int) -> String {
        document("<h1>\(words.thanksTitle)</h1>\n<p class=\"stars\" aria-label=\"\(rating) / 5\">\(Self.stars(rating))</p>")
    }

    func alreadyRated(rating: Int) -> String {
        document(
            "<h1>\(words.thanksTitle)</h1>\n<p>\(words.alreadyRated)</p>\n"
                + "<p class=\"stars\" aria-label=\"\(rating) / 5\">\(Self.stars(rating))</p>"
        )
    }

    var closed: String { document("<h1>\(words.closedTitle)</h1>\n<p>\(words.closed)</p>") }

    var unknown: String { document("<h1>\(words.unknownTitle)</h1>\n<p>\(words.unknown)</p>") }

    static let maxCommentLength = 2000

    func document(_ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(words.language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(words.confirmTitle)</title>
        <style>
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f6f4}
        main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem}
        h1{font-size:1.5rem;margin:0 0 .5rem}
        .stars{font-size:2rem;letter-spacing:.25rem;color:#b8860b;margin:.5rem 0}
        label{display:block;font-weight:600;margin:1rem 0 .25rem}
        textarea{box-sizing:border-box;width:100%;min-height:6rem;padding:.5rem;font:inherit;border:1px solid #767676;border-radius:4px}
        button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1a5fb4;border:0;border-radius:4px}
        .alert{border:2px solid #b00020;background:#fdecee;padding:.75rem;border-radius:4px}
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static func stars(_ rating: Int) -> String {
        String(repeating: "★", count: rating) + String(repeating: "☆", count: max(0, 5 - rating))
    }

    /// Every text of the pages in one language.
    struct Words {
        var language: String
        var confirmTitle, commentLabel, send, thanksTitle, alreadyRated, closedTitle, closed, unknownTitle, unknown: String
        var commentTooLong, badForm: String

        static let english = Words(
            language: "en", confirmTitle: "Your rating", commentLabel: "Anything you would like to add? (optional)",
            send: "Send rating", thanksTitle: "Thank you for your feedback",
            alreadyRated: "This conversation has already been rated. The first rating stands:",
            closedTitle: "This survey is closed", closed: "It is too late to rate this conversation, or it was reopened.",
            unknownTitle: "Link not found", unknown: "This rating link is incomplete or was changed. Please open it from the message again.",
            commentTooLong: "The comment is too long: please keep it under \(maxCommentLength) characters.",
            badForm: "The form could not be read. Please try again."
        )
        static let russian = Words(
            language: "ru", confirmTitle: "Ваша оценка", commentLabel: "Хотите что-нибудь добавить? (необязательно)",
            send: "Отправить оценку", thanksTitle: "Спасибо за отзыв",
            alreadyRated: "Этот разговор уже оценён. Остаётся первая оценка:",
            closedTitle: "Опрос закрыт", closed: "Оценить этот разговор уже нельзя, или он был открыт снова.",
            unknownTitle: "Ссылка не найдена", unknown: "Ссылка неполная или изменена. Откройте её из письма ещё раз.",
            commentTooLong: "Комментарий слишком длинный: не больше \(maxCommentLength) знаков.",
            badForm: "Не удалось прочитать форму. Попробуйте ещё раз."
        )
        static let ukrainian = Words(
            language: "uk", confirmTitle: "Ваша оцінка", commentLabel: "Бажаєте щось додати? (необов'язково)",
            send: "Надіслати оцінку", thanksTitle: "Дякуємо за відгук",
            alreadyRated: "Цю розмову вже оцінено. Залишається перша оцінка:",
            closedTitle: "Опитування закрито", closed: "Оцінити цю розмову вже не можна, або її було відкрито знову.",
            unknownTitle: "Посилання не знайдено", unknown: "Посилання неповне або змінене. Відкрийте його з листа ще раз.",
            commentTooLong: "Коментар задовгий: не більше \(maxCommentLength) знаків.",
            badForm: "Не вдалося прочитати форму. Спробуйте ще раз."
        )

        /// The first language of `Accept-Language` we have; English otherwise.
        static func choose(_ header: String?) -> Words {
            for entry in (header ?? "").split(separator: ",") {
                let tag = entry.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                switch tag.split(separator: "-").first.map(String.init) {
                case "en": return english
                case "ru": return russian
                case "uk": return ukrainian
                default: continue
                }
            }
            return english
        }
    }
}
