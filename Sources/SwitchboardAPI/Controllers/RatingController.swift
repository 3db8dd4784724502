import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// Public rating links of email surveys: `GET /rate/{token}` shows what the link will record,
/// `POST /rate/{token}` records it with an optional comment. Browsers are the only clients, so every
/// answer is a small HTML page; a forged or mangled token is a 404 that tells nothing about conversations.
struct RatingController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(":token", use: show)
        group.post(":token", use: record)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await admit(context)
        let page = RatingPage(acceptLanguage: request.headers[.acceptLanguage])
        guard let (link, state) = try await signedLink(context) else { return Self.html(page.unknown, status: .notFound) }
        switch state {
        case .awaiting: return Self.html(page.confirm(rating: link.rating, actionPath: request.uri.path), status: .ok)
        case .rated(let rating): return Self.html(page.alreadyRated(rating: rating), status: .ok)
        case .closed: return Self.html(page.closed, status: .gone)
        }
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await admit(context)
        let page = RatingPage(acceptLanguage: request.headers[.acceptLanguage])
        guard let (link, _) = try await signedLink(context) else { return Self.html(page.unknown, status: .notFound) }
        var request = request
        let form: RatingForm
        do {
            let body = try await request.collectBody(upTo: 16 * 1024)
            do {
                form = try URLEncodedFormDecoder().decode(RatingForm.self, from: String(buffer: body))
            } catch {
                let confirm = page.confirm(rating: link.rating, actionPath: request.uri.path, problem: page.words.badForm)
                return Self.html(confirm, status: .badRequest)
            }
        } catch {
            let confirm = page.confirm(rating: link.rating, actionPath: request.uri.path, problem: page.words.commentTooLong)
            return Self.html(confirm, status: .contentTooLarge)
        }
        let comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= RatingPage.maxCommentLength else {
            let confirm = page.confirm(rating: link.rating, actionPath: request.uri.path, problem: page.words.commentTooLong)
            return Self.html(confirm, status: .unprocessableContent)
        }
        let reply = SatisfactionReply(rating: link.rating, comment: comment.isEmpty ? nil : comment)
        switch try await deps.surveys.recordRating(conversationID: link.conversationID, reply) {
        case .rated(let rating) where rating == link.rating:
            return Self.html(page.thanks(rating: rating), status: .ok)
        case .rated(let rating): return Self.html(page.alreadyRated(rating: rating), status: .ok)
        case .awaiting, .closed: return Self.html(page.closed, status: .gone)
        }
    }

    /// Rating links are public: one address may open or answer them only so often.
    func admit(_ context: AppRequestContext) async throws {
        try await deps.rateLimiter.admit(
            "rating:\(context.remoteAddress ?? "unknown")", perMinute: deps.rateLimits.ratingPagesPerMinute,
            refusal: "too many requests from this address"
        )
    }

    /// The token's link and its survey's state, when the token is well-formed and signed for its conversation.
    func signedLink(_ context: AppRequestContext) async throws -> (RatingLink, SurveyState)? {
        guard let (link, signature) = RatingLink.parse(context.parameters.get("token") ?? ""),
            let survey = try await deps.surveys.survey(conversationID: link.conversationID),
            link.isSigned(signature, key: survey.key)
        else { return nil }
        return (link, survey.state)
    }

    /// What the confirmation page posts.
    struct RatingForm: Decodable {
        var comment: String?
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        FormsController.html(text, status: status)
    }
}
