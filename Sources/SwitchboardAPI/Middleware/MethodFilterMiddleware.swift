import HTTPTypes
import Hummingbird
import SwitchboardCore

/// Methods no route of ours answers (TRACE, CONNECT, made-up ones) get `405` with `Allow`, as problem+json,
/// before any route or authentication runs.
struct MethodFilterMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let served: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.served.contains(request.method) else {
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
                message: "the method \(request.method.rawValue.prefix(32)) is not served here"
            )
        }
        return try await next(request, context)
    }
}
