import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// An RFC 9457 problem document: every error an API client sees has this shape.
struct Problem: Encodable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldError]?
    var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case requestID = "request_id"
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        headers.append(contentsOf: extra)
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

extension SwitchboardError {
    var status: HTTPResponse.Status {
        switch self {
        case .malformed: .badRequest
        case .invalid, .badReference: .unprocessableContent
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rateLimited: .tooManyRequests
        case .storeUnavailable: .serviceUnavailable
        case .notImplemented: .notImplemented
        }
    }

    func problem(requestID: String?) -> Problem {
        let (slug, detail, errors): (String, String, [FieldError]?) =
            switch self {
            case .malformed(let detail): ("malformed-request", detail, nil)
            case .invalid(let errors):
                ("validation-failed", errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors)
            case .badReference(let reference, let message):
                ("validation-failed", "\(reference.field): \(message)", [FieldError(field: reference.field, message: message)])
            case .unauthorized(let detail): ("unauthorized", detail, nil)
            case .forbidden(let detail): ("forbidden", detail, nil)
            case .notFound(let what): ("not-found", "\(what) was not found", nil)
            case .conflict(let detail): ("conflict", detail, nil)
            case .tooLarge(let detail): ("too-large", detail, nil)
            case .unsupportedMediaType(let detail): ("unsupported-media-type", detail, nil)
            case .rateLimited(let detail, _): ("rate-limited", detail, nil)
            case .storeUnavailable: ("store-unavailable", "the database is unavailable; retry later", nil)
            case .notImplemented(let detail): ("not-implemented", detail, nil)
            }
        return Problem(
            type: "https://switchboard.dev/problems/\(slug)", title: status.reasonPhrase, status: status.code,
            detail: detail, errors: errors, requestID: requestID
        )
    }

    var extraHeaders: HTTPFields {
        switch self {
        case .rateLimited(_, let seconds): [.retryAfter: String(seconds)]
        case .storeUnavailable: [.retryAfter: "5"]
        case .unauthorized: [.wwwAuthenticate: "Bearer"]
        default: [:]
        }
    }
}

/// Turns every error into problem+json. Domain errors keep their meaning; framework errors keep their
/// status; anything else is a 500 whose details go to the log under the request id, never to the client.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            return response
        } catch {
            var response = Self.response(for: error, context: context)
            response.headers[.requestID] = context.id
            return response
        }
    }

    static func response(for error: any Error, context: Context) -> Response {
        switch error {
        case let error as SwitchboardError:
            return error.problem(requestID: context.id).response(headers: error.extraHeaders)
        case let error as HTTPError:
            var status = error.status
            var detail = error.body ?? status.reasonPhrase
            if status == .notFound && error.body == nil { detail = "no such route" }
            if status == .contentTooLarge { detail = "the request body is too large" }
            if status.code < 400 { status = .internalServerError }
            return Problem(
                type: "about:blank", title: status.reasonPhrase, status: status.code, detail: detail, requestID: context.id
            ).response(headers: error.headers)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(
                type: "about:blank", title: "Internal Server Error", status: 500,
                detail: "an unexpected error occurred; quote request id \(context.id) when reporting it", requestID: context.id
            ).response()
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}

extension Reference {
    /// The request field that names it.
    var field: String {
        switch self {
        case .teamMembers: "agent_ids"
        case .mergedContact: "other_id"
        case .parentCategory: "parent_id"
        case .team: "team_id"
        case .greetingTemplate: "greeting_template_id"
        case .assignee: "assignee_id"
        case .unspecified: "id"
        }
    }
}
