import Foundation
import HTTPTypes
import PlatformStandIn

/// Telegram's Bot API as the platform stand-in plays it for end-to-end delivery tests: it answers
/// `sendMessage` like Telegram, numbering the messages it accepts, and can refuse given calls (counted
/// from 1 over the whole test) with a 500, as Telegram does when it is briefly unwell.
actor StandInTelegram {
    /// Every `sendMessage` that arrived, in order, with whether it was accepted.
    private(set) var calls: [(text: String, accepted: Bool)] = []
    private var refused: Set<Int>

    init(refusing calls: Set<Int> = []) { refused = calls }

    /// The texts Telegram accepted, that is, what the person received, in order.
    var received: [String] { calls.filter(\.accepted).map(\.text) }

    func answer(_ request: StandInRequest) -> StandInResponse {
        guard request.method == .post, request.path.hasSuffix("/sendMessage") else {
            return Self.json(#"{"ok":false,"error_code":404,"description":"Not Found"}"#, status: .notFound)
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let text = body?["text"] as? String ?? ""
        let number = calls.count + 1
        let accepted = !refused.contains(number)
        calls.append((text, accepted))
        guard accepted else {
            return Self.json(
                #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#, status: .internalServerError
            )
        }
        let messageID = calls.filter(\.accepted).count + 700
        return Self.json(
            #"{"ok":true,"result":{"message_id":\#(messageID),"chat":{"id":42,"type":"private"},"date":1763900100,"text":"x"}}"#
        )
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> StandInResponse {
        StandInResponse(status: status, headers: [.contentType: "application/json"], body: Array(text.utf8))
    }

    /// Serves on a loopback port and runs `body` with the base URL to put in the inbox's `api_base_url`.
    func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        try await PlatformStandIn.serve({ request in await self.answer(request) }, body)
    }
}
