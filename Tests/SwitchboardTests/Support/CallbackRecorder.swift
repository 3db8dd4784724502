import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A stand-in for an organization's own system: a real HTTP server on loopback that records every
/// callback it receives and answers with the status the test chooses.
actor CallbackRecorder {
    struct Received: Sendable {
        var headers: HTTPFields
        var body: [UInt8]
    }

    private(set) var received: [Received] = []
    var answer: HTTPResponse.Status = .ok

    /// Answers for the next requests, in order, before `answer` takes over.
    var nextAnswers: [HTTPResponse.Status] = []

    func record(_ request: Received) -> HTTPResponse.Status {
        received.append(request)
        return nextAnswers.isEmpty ? answer : nextAnswers.removeFirst()
    }

    func setAnswer(_ status: HTTPResponse.Status) { answer = status }

    func setAnswers(_ statuses: [HTTPResponse.Status], thenAlways status: HTTPResponse.Status) {
        nextAnswers = statuses
        answer = status
    }

    /// Serves on a free loopback port and runs `body` with the callback URL.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            var request = request
            let bytes = try await request.collectBody(upTo: 1_000_000)
            let status = await self.record(Received(headers: request.headers, body: Array(bytes.readableBytesView)))
            return Response(status: status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: Logger(label: "callback-recorder"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}
