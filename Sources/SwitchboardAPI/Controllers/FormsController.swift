import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// Public web forms: `GET /forms/{uid}` serves the page, `POST /forms/{uid}` takes a submission.
/// Browsers get HTML back (the thank-you page, or the form again with the problem); scripts get JSON.
struct FormsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(":uid") { request, context in
            let (inbox, forms) = try await formInbox(context)
            let sent = request.uri.queryParameters["sent"] != nil
            let html = sent
                ? forms.thankYouPage(inbox: inbox, formPath: "/forms/\(inbox.uid)")
                : forms.page(inbox: inbox, actionPath: "/forms/\(inbox.uid)", errorMessage: nil)
            return Self.html(html, status: .ok)
        }
        group.post(":uid", use: submit)
    }

    func formInbox(_ context: AppRequestContext) async throws -> (Inbox, any FormChannel) {
        let uid = context.parameters.get("uid") ?? ""
        guard uid.count <= 64, let forms = deps.connectors.forms, let inbox = try await deps.inboxes.liveInbox(uid: uid),
            inbox.kind == .webform
        else {
            throw SwitchboardError.notFound("form \(uid)")
        }
        return (inbox, forms)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (inbox, forms) = try await formInbox(context)
        let wantsHTML = Self.prefersHTML(request)
        do {
            var request = request
            // Only multipart posts carry files; text-only encodings get the limit of any JSON body.
            let isMultipart = request.headers[.contentType]?.lowercased().hasPrefix("multipart/") == true
            let limit = isMultipart ? forms.maxBodyBytes(inbox: inbox) : JSONBody.maxBytes
            let body = try await BodyLimit.collect(
                &request, upTo: limit, tooLarge: "the submission must be at most \(limit) bytes"
            )
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let channelRequest = ChannelRequest(
                method: request.method.rawValue, path: request.uri.path, headers: headers,
                query: QueryReader(request).values,
                body: Array(body.readableBytesView), remoteAddress: context.remoteAddress
            )
            let event = try await forms.submission(channelRequest, inbox: inbox, receivedAt: Date())
            let result = try await deps.ingest.ingest(event, into: inbox)
            if wantsHTML {
                return Self.html(forms.thankYouPage(inbox: inbox, formPath: "/forms/\(inbox.uid)"), status: .ok)
            }
            return try JSONBody.response(IngestDTO(result: result), status: result.duplicate ? .ok : .created)
        } catch let error as SwitchboardError where wantsHTML && error != .storeUnavailable {
            var response = Self.html(
                forms.page(inbox: inbox, actionPath: "/forms/\(inbox.uid)", errorMessage: Self.explain(error)),
                status: error.status
            )
            response.headers.append(contentsOf: error.extraHeaders)
            return response
        }
    }

    static func prefersHTML(_ request: Request) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("text/html")
    }

    static func explain(_ error: SwitchboardError) -> String {
        switch error {
        case .invalid(let errors): errors.map { "\($0.field): \($0.message)" }.joined(separator: ". ")
        case .tooLarge(let detail), .unsupportedMediaType(let detail), .malformed(let detail): detail
        case .rateLimited: "Too many messages from your address. Please wait a minute and try again."
        default: "Your message could not be sent. Please try again later."
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
