import Hummingbird
import NIOCore
import SwitchboardCore

/// Reads a request body up to a limit, refusing it before reading when `Content-Length` already says it
/// is too large, and stopping at the limit otherwise (a chunked body is counted as it arrives).
enum BodyLimit {
    static func collect(_ request: inout Request, upTo limit: Int, tooLarge detail: @autoclosure () -> String) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw SwitchboardError.tooLarge(detail())
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw SwitchboardError.tooLarge(detail())
        }
    }
}
