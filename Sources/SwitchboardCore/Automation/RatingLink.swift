import Crypto
import Foundation

/// A signed link that rates one conversation from a survey sent by email: `/rate/<conversation>-<rating>-<token>`.
///
/// Mail has no buttons, and many people will click before they will type "5". The token, an HMAC keyed
/// with the inbox's secret uid, makes a link impossible to forge for another conversation or another
/// rating. Following a link only shows a confirmation page; its button records the rating, so the mail
/// scanners that open every link in a message never vote.
public struct RatingLink: Sendable, Equatable {
    public var conversationID: Int64
    public var rating: Int

    public init(conversationID: Int64, rating: Int) {
        self.conversationID = conversationID
        self.rating = rating
    }

    /// The path segment after `/rate/`.
    public func token(key: String) -> String {
        "\(conversationID)-\(rating)-\(signature(key: key))"
    }

    /// The whole link under the server's public base URL (no trailing slash).
    public func url(base: String, key: String) -> String {
        "\(base)/rate/\(token(key: key))"
    }

    /// Reads a token's conversation and rating; nil when it cannot be one. The signature is checked
    /// separately with `isSigned`, once the conversation's inbox key is known.
    public static func parse(_ token: String) -> (link: RatingLink, signature: String)? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 18, let conversationID = Int64(parts[0]), conversationID > 0,
            let rating = Int(parts[1]), (1...5).contains(rating), parts[2].count == 32,
            parts[2].allSatisfy(\.isHexDigit)
        else { return nil }
        return (RatingLink(conversationID: conversationID, rating: rating), String(parts[2]).lowercased())
    }

    /// Whether `signature` was made for this link with `key` (compared in constant time).
    public func isSigned(_ signature: String, key: String) -> Bool {
        let expected = Array(self.signature(key: key).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func signature(key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("rate.\(conversationID).\(rating)".utf8), using: SymmetricKey(data: Data(key.utf8))
        )
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

/// Where a conversation's satisfaction survey stands.
public enum SurveyState: Sendable, Equatable {
    /// The survey went out, the window is open and nobody has rated yet.
    case awaiting
    /// Already rated (by a reply or a link); the first rating stands.
    case rated(Int)
    /// No survey was sent, its window has passed, or the conversation was reopened.
    case closed
}

/// Survey answers that arrive outside a channel: the rating links of email surveys.
public protocol SurveyStore: Sendable {
    /// The key the conversation's rating links are signed with (its inbox's uid) and the survey's state;
    /// nil when the conversation does not exist.
    func survey(conversationID: Int64) async throws -> (key: String, state: SurveyState)?
    /// Stores the rating and comment if the survey still awaits one; returns the state afterwards
    /// (`.rated` with the rating that stands, or `.closed`).
    func recordRating(conversationID: Int64, _ reply: SatisfactionReply) async throws -> SurveyState
}
