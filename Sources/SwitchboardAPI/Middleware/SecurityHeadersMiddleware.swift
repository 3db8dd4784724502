import HTTPTypes
import Hummingbird

/// Headers every answer carries, whatever produced it (a route, an error, a 404): browsers must not guess
/// content types or leak our URLs (they may hold a form's or a rating link's token) to other sites; behind
/// https they must keep to https (HSTS), because the public URL says so. Framing is left to each page's
/// Content-Security-Policy: the web form is meant to be embedded, the console never is.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// True when the server is reached through an https public URL.
    let strictTransport: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.add(to: &response.headers, strictTransport: strictTransport)
        return response
    }

    static func add(to headers: inout HTTPFields, strictTransport: Bool) {
        if headers[.xContentTypeOptions] == nil { headers[.xContentTypeOptions] = "nosniff" }
        if headers[.referrerPolicy] == nil { headers[.referrerPolicy] = "no-referrer" }
        if strictTransport, headers[.strictTransportSecurity] == nil {
            headers[.strictTransportSecurity] = "max-age=31536000"
        }
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
}
