import Foundation
import HTTPTypes
import SwitchboardCore
import PlatformStandIn
import Testing

/// A stand-in for the Graph API on loopback: records every request and answers what the test scripted
/// for its method and path (404 with a Graph error otherwise).
actor FakeGraph {
    struct Received: Sendable {
        var method: String
        var path: String
        /// Header names lower-cased.
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(body)) }
    }

    struct Answer: Sendable {
        var status = 200
        var contentType = "application/json"
        var headers: [String: String] = [:]
        var body: [UInt8]

        static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> Answer {
            Answer(status: status, headers: headers, body: Array(text.utf8))
        }

        static func fixture(_ name: String, status: Int, headers: [String: String] = [:]) throws
            -> Answer
        {
            Answer(status: status, headers: headers, body: try Fixtures.bytes(name))
        }
    }

    private(set) var received: [Received] = []
    /// Answers by "METHOD /path", used in order; the last one repeats.
    private var answers: [String: [Answer]] = [:]

    func on(_ method: String, _ path: String, _ answers: Answer...) {
        self.answers["\(method) \(path)", default: []] += answers
    }

    private func answer(_ request: Received) -> Answer {
        received.append(request)
        let key = "\(request.method) \(request.path)"
        guard var queue = answers[key], let first = queue.first else {
            return .json(
                #"{"error":{"message":"Unknown path components: \#(request.path)","type":"OAuthException","code":2500}}"#,
                status: 404
            )
        }
        if queue.count > 1 {
            queue.removeFirst()
            answers[key] = queue
        }
        return first
    }

    /// Serves on a free loopback port and runs `body` with the origin (`http://127.0.0.1:port`).
    @discardableResult
    func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        try await PlatformStandIn.serve({ request in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await self.answer(
                Received(method: request.method.rawValue, path: request.path, headers: headers, body: request.body)
            )
            var fields = HTTPFields()
            fields[.contentType] = answer.contentType
            for (name, value) in answer.headers {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return StandInResponse(status: HTTPResponse.Status(code: answer.status), headers: fields, body: answer.body)
        }, body)
    }
}
