import Foundation
import HTTPTypes
import PlatformStandIn
import Testing

/// A stand-in for VK on loopback: records every request and answers each path with what the test set
/// (queued answers are used in order, the last one stays), `{"response": 1}` otherwise.
actor FakeVK {
    struct Received: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var headers: HTTPFields
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var contentType: String? { headers[.contentType] }

        /// The body read as `application/x-www-form-urlencoded`.
        var form: [String: String] {
            var fields: [String: String] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                fields[key] = value
            }
            return fields
        }
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var body: String
        var contentType: String
    }

    private(set) var received: [Received] = []
    private var answers: [String: [Answer]] = [:]
    private(set) var baseURL = ""

    func answer(_ path: String, status: HTTPResponse.Status = .ok, json: String) {
        answers[path, default: []].append(Answer(status: status, body: json, contentType: "application/json"))
    }

    func answer(_ path: String, status: HTTPResponse.Status = .ok, body: String, contentType: String) {
        answers[path, default: []].append(Answer(status: status, body: body, contentType: contentType))
    }

    func requests(to path: String) -> [Received] { received.filter { $0.path == path } }

    private func record(_ request: Received) -> Answer {
        received.append(request)
        guard var queue = answers[request.path], let first = queue.first else {
            return Answer(status: .ok, body: #"{"response": 1}"#, contentType: "application/json")
        }
        if queue.count > 1 {
            queue.removeFirst()
            answers[request.path] = queue
        }
        return first
    }

    private func setBaseURL(_ url: String) { baseURL = url }

    /// Serves on a free loopback port and runs `body` with the server's base URL (`http://127.0.0.1:<port>`).
    @discardableResult
    func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        try await PlatformStandIn.serve({ request in
            let answer = await self.record(
                Received(method: request.method, path: request.path, headers: request.headers, body: request.body)
            )
            return StandInResponse(
                status: answer.status, headers: [.contentType: answer.contentType], body: Array(answer.body.utf8)
            )
        }) { base in
            await self.setBaseURL(base)
            return try await body(base)
        }
    }
}
