import Foundation
import HTTPTypes
import PlatformStandIn
import Testing

/// A stand-in for the Bot API: a real HTTP server on loopback that records every call and answers
/// what the test scripted for that path, else a successful send with a fresh message id.
actor FakeBotAPI {
    struct Call: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var query: String?
        var contentType: String?
        var body: [UInt8]

        /// The body as a JSON object; empty when it is not one.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var contentType: String
        var body: [UInt8]

        static func json(_ status: HTTPResponse.Status = .ok, _ body: [UInt8]) -> Answer {
            Answer(status: status, contentType: "application/json", body: body)
        }
    }

    private(set) var calls: [Call] = []
    private var scripted: [String: [Answer]] = [:]
    private var nextMessageID = 501

    /// Answers the next calls to `path` with these, in order.
    func script(_ path: String, _ answers: Answer...) {
        scripted[path, default: []] += answers
    }

    func handle(_ call: Call) -> Answer {
        calls.append(call)
        if var queue = scripted[call.path], !queue.isEmpty {
            let answer = queue.removeFirst()
            scripted[call.path] = queue
            return answer
        }
        defer { nextMessageID += 1 }
        let chat = #"{"id":123456789,"type":"private"}"#
        let sent = #"{"ok":true,"result":{"message_id":\#(nextMessageID),"chat":\#(chat),"date":1700010000}}"#
        return .json(.ok, Array(sent.utf8))
    }

    /// Serves on a free loopback port and runs `body` with the base URL to put in `api_base_url`.
    func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        try await PlatformStandIn.serve({ request in
            let answer = await self.handle(
                Call(
                    method: request.method, path: request.path, query: request.query,
                    contentType: request.headers[.contentType], body: request.body
                )
            )
            return StandInResponse(status: answer.status, headers: [.contentType: answer.contentType], body: answer.body)
        }, body)
    }
}

/// One part of a `multipart/form-data` body, read back to check what was uploaded.
struct FormPart: Equatable {
    var name: String
    var fileName: String?
    var contentType: String?
    var data: [UInt8]

    var text: String { String(decoding: data, as: UTF8.self) }

    /// Splits a body by the boundary named in its content type.
    static func parse(_ body: [UInt8], contentType: String?) -> [FormPart] {
        guard let contentType, let range = contentType.range(of: "boundary=") else { return [] }
        let delimiter = Array("--\(contentType[range.upperBound...])".utf8)
        var parts: [FormPart] = []
        for chunk in split(body, on: delimiter).dropFirst() {
            guard chunk.starts(with: Array("\r\n".utf8)) else { break }  // "--" closes the body
            let content = Array(chunk.dropFirst(2).dropLast(2))
            guard let headerEnd = firstRange(of: Array("\r\n\r\n".utf8), in: content) else { continue }
            let headers = String(decoding: content[..<headerEnd.lowerBound], as: UTF8.self)
            var part = FormPart(name: "", data: Array(content[headerEnd.upperBound...]))
            for line in headers.components(separatedBy: "\r\n") {
                if line.lowercased().hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
                part.name = parameter("name", in: line) ?? part.name
                part.fileName = parameter("filename", in: line) ?? part.fileName
            }
            parts.append(part)
        }
        return parts
    }

    private static func parameter(_ name: String, in line: String) -> String? {
        guard line.lowercased().hasPrefix("content-disposition:"),
            let start = line.range(of: " \(name)=\"") ?? line.range(of: ";\(name)=\""),
            let end = line[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(line[start.upperBound..<end])
    }

    private static func split(_ bytes: [UInt8], on delimiter: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var rest = bytes[...]
        while let range = firstRange(of: delimiter, in: Array(rest)) {
            let base = rest.startIndex
            pieces.append(Array(rest[base..<(base + range.lowerBound)]))
            rest = rest[(base + range.upperBound)...]
        }
        pieces.append(Array(rest))
        return pieces
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }
}
