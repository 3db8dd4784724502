import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Calls to the bot API: a JSON POST to `{api_base_url}/{method}` with `X-Viber-Auth-Token`.
struct ViberAPI: Sendable {
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// What Viber answers every method with.
    struct Answer: Decodable, Sendable {
        var status: Int?
        var statusMessage: String?
        var messageToken: ViberID?

        enum CodingKeys: String, CodingKey {
            case status
            case statusMessage = "status_message"
            case messageToken = "message_token"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = container.lenient(Int.self, .status)
            statusMessage = container.lenient(String.self, .statusMessage)
            messageToken = container.lenient(ViberID.self, .messageToken)
        }
    }

    /// Posts `body` to one method and returns Viber's answer, whatever its `status`; transport problems
    /// and HTTP errors are thrown the delivery way (5xx and timeouts temporary, other 4xx permanent).
    func call(_ method: String, body: some Encodable, settings: ViberSettings, authToken: String)
        async throws(DeliveryFailure) -> Answer
    {
        let bytes: [UInt8]
        do {
            bytes = try Array(Self.encoder.encode(body))
        } catch {
            throw .permanent("could not encode the Viber \(method) request: \(error)")
        }
        var request = HTTPClientRequest(url: settings.url(method))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Viber-Auth-Token", value: authToken)
        request.body = .bytes(bytes)

        let response: HTTPClientResponse
        let data: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            data = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw .temporary("could not reach Viber (\(method)): \(error)")
        }
        let answer = try? Self.decoder.decode(Answer.self, from: Data(data.readableBytesView))
        let code = response.status.code
        switch code {
        case 200..<300:
            guard let answer, answer.status != nil else {
                throw .temporary("Viber answered \(method) with HTTP \(code) but no status")
            }
            return answer
        case 429:
            let delay = Self.retryAfter(response.headers) ?? ViberStatus.throttleDelay
            throw .throttled("Viber answered HTTP 429 (\(method))", retryAfter: delay)
        case 408, 425, 500...:
            throw .temporary("Viber answered HTTP \(code) (\(method))")
        default:
            let detail = answer?.statusMessage.map { ": \($0)" } ?? ""
            throw .permanent("Viber answered HTTP \(code) (\(method))\(detail)")
        }
    }

    /// A `Retry-After` in seconds, when the answer has one.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After"), let seconds = Int(value), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()
}
