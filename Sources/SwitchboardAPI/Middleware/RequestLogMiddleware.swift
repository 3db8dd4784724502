import Hummingbird
import Logging

/// One log line per request: method, path and the status the client got, under the request id.
///
/// The query string is never logged: platforms and clients put secrets there (WhatsApp's
/// `hub.verify_token`, Viber's `sig`, a `?token=`), and logs are read by more people than the data.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "Request",
            metadata: [
                "hb.request.method": .string(request.method.rawValue),
                "hb.request.path": .string(Self.loggedPath(request.uri.path)),
                "hb.response.status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(elapsed.milliseconds),
            ]
        )
        return response
    }

    /// The path without its query, shortened so a 100 KB URL does not become a 100 KB log line.
    static func loggedPath(_ path: String) -> String {
        path.utf8.count <= 512 ? path : String(path.prefix(512)) + "…"
    }
}

extension Duration {
    fileprivate var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
