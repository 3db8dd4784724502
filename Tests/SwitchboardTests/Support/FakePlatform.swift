import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A messenger platform's HTTP API played on loopback: records every request and answers what the
/// test says (by default `{"ok":true}`), so the real connectors and HTTP client run end to end.
actor FakePlatform {
    struct Received: Sendable {
        var method: String
        var path: String
        var query: String?
        var headers: HTTPFields
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    struct Answer: Sendable {
        var status: Int = 200
        var contentType = "application/json"
        var body: [UInt8]

        static func json(_ text: String, status: Int = 200) -> Answer {
            Answer(status: status, body: Array(text.utf8))
        }

        static func bytes(_ data: [UInt8], contentType: String) -> Answer {
            Answer(contentType: contentType, body: data)
        }
    }

    private(set) var received: [Received] = []
    /// Answers by path suffix; the longest matching suffix wins.
    private var answers: [String: Answer] = [:]

    func answer(_ pathSuffix: String, with answer: Answer) { answers[pathSuffix] = answer }

    func requests(endingWith suffix: String) -> [Received] { received.filter { $0.path.hasSuffix(suffix) } }

    private func record(_ request: Received) -> Answer {
        received.append(request)
        let match = answers.keys.filter { request.path.hasSuffix($0) }.max { $0.count < $1.count }
        return match.flatMap { answers[$0] } ?? .json(#"{"ok":true,"result":true}"#)
    }

    /// Serves on a free loopback port and runs `body` with the base URL.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var request = request
            let bytes = try await request.collectBody(upTo: 50_000_000)
            let answer = await self.record(
                Received(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                    headers: request.headers, body: Array(bytes.readableBytesView)
                )
            )
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: [.contentType: answer.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body))
            )
        }
        router.get("**", use: handler)
        router.post("**", use: handler)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "fake-platform")
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
