import Foundation

/// A contact's answer to the satisfaction survey: a rating 1–5 and what they added.
public struct SatisfactionReply: Sendable, Equatable {
    public var rating: Int
    public var comment: String?

    public init(rating: Int, comment: String?) {
        self.rating = rating
        self.comment = comment
    }

    /// Reads "5", "4 спасибо!", "5/5", "👍" (5) or "👎" (1); nil for anything else, which is an
    /// ordinary message and opens a new request.
    public static func parse(_ text: String) -> SatisfactionReply? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return nil }
        var rating: Int
        var rest = Substring(trimmed.dropFirst())
        switch first {
        case "👍": rating = 5
        case "👎": rating = 1
        case "1", "2", "3", "4", "5":
            guard let value = first.wholeNumberValue else { return nil }
            rating = value
            if rest.first?.isNumber == true { return nil }  // "12 people" is not a rating
            if rest.hasPrefix("/5") { rest = rest.dropFirst(2) }
        default:
            return nil
        }
        if rest.first?.isLetter == true { return nil }  // "5th floor" is not a rating
        let comment = String(rest).trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return SatisfactionReply(rating: rating, comment: comment.isEmpty ? nil : comment)
    }
}
