import Foundation
import HTTPTypes
import PlatformStandIn
import Testing

/// Viber's API and media servers played on loopback: records every request and answers with what the
/// test queued (by default a successful `send_message` answer).
actor FakeViber {
    struct Received: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var headers: HTTPFields
        var body: [UInt8]

        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
    }

    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [.contentType: "application/json"]
        var body: [UInt8]

        static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Reply {
            Reply(status: status, body: Array(text.utf8))
        }

        static let sent = json(
            #"{"status":0,"status_message":"ok","message_token":5741311803571721087,"#
                + #""chat_hostname":"SN-CHAT-05_","billing_status":1}"#
        )
    }

    private(set) var received: [Received] = []
    private var queued: [Reply] = []
    private var fallback = Reply.sent

    func enqueue(_ replies: Reply...) { queued += replies }
    func answerAlways(_ reply: Reply) { fallback = reply }

    private func handle(_ request: Received) -> Reply {
        received.append(request)
        return queued.isEmpty ? fallback : queued.removeFirst()
    }

    /// Serves on a free loopback port and runs `body` with the base URL, e.g. `http://127.0.0.1:53117`.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        try await PlatformStandIn.serve({ request in
            let reply = await self.handle(
                Received(method: request.method, path: request.path, headers: request.headers, body: request.body)
            )
            return StandInResponse(status: reply.status, headers: reply.headers, body: reply.body)
        }, body)
    }
}
