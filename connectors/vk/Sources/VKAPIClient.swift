import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Why a VK call did not give an answer.
enum VKCallError: Error, Equatable {
    /// The network failed or timed out.
    case unreachable(String)
    /// An HTTP status other than 200.
    case http(Int)
    /// HTTP 200 with a body that is not VK's `{"response": …}`.
    case unreadable
    /// VK's own `{"error": {"error_code", "error_msg"}}`.
    case api(code: Int, message: String)

    /// How a failed send is retried: VK's flood limits wait VK's time, its internal errors are tried again,
    /// everything else VK refused (user denied messages, bad token, wrong parameter) is final.
    var deliveryFailure: DeliveryFailure {
        switch self {
        case .unreachable(let reason):
            return .temporary("could not reach VK: \(reason)")
        case .http(let status) where status == 429 || status >= 500:
            return .temporary("VK answered HTTP \(status)")
        case .http(let status):
            return .permanent("VK answered HTTP \(status)")
        case .unreadable:
            return .temporary("VK's answer could not be read")
        case .api(let code, let message):
            let text = "VK error \(code): \(message)"
            switch code {
            case 6: return .throttled(text, retryAfter: .seconds(1))
            case 9: return .throttled(text, retryAfter: .seconds(60))
            case 29: return .throttled(text, retryAfter: .seconds(3600))
            case 1, 10: return .temporary(text)
            default: return .permanent(text)
            }
        }
    }
}

/// Calls VK API methods the way VK documents them: `POST {api_base_url}/{method}` with form-encoded
/// parameters, the community token and the API version among them.
struct VKAPIClient {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    let settings: VKSettings

    private struct Envelope<Response: Decodable>: Decodable {
        var response: Response?
    }

    private struct ErrorEnvelope: Decodable {
        var error: APIError?
    }

    private struct APIError: Decodable {
        var code: Int?
        var message: String?

        private enum CodingKeys: String, CodingKey {
            case code = "error_code"
            case message = "error_msg"
        }
    }

    /// Calls `method` and decodes its `response`; `access_token` and `v` are added here.
    func call<Response: Decodable>(
        _ method: String, _ parameters: [(String, String)], as _: Response.Type
    ) async throws(VKCallError) -> Response {
        var form = parameters
        form.append(("access_token", settings.accessToken ?? ""))
        form.append(("v", VKSettings.apiVersion))
        var request = HTTPClientRequest(url: settings.methodURL(method))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "User-Agent", value: "Switchboard")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        let body = Data(try await send(request))
        if let failure = try? JSONDecoder().decode(ErrorEnvelope.self, from: body), let error = failure.error {
            throw .api(code: error.code ?? 0, message: error.message ?? "unknown error")
        }
        guard let response = (try? JSONDecoder().decode(Envelope<Response>.self, from: body))?.response else {
            throw .unreadable
        }
        return response
    }

    /// Sends a request and returns the body of a 200 answer (at most `limit` bytes).
    func send(_ request: HTTPClientRequest, limit: Int = 4 * 1024 * 1024) async throws(VKCallError) -> [UInt8] {
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw .unreachable(Self.describe(error))
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: limit)
        } catch {
            throw .unreachable(Self.describe(error))
        }
        guard response.status == .ok else { throw .http(Int(response.status.code)) }
        return Array(body.readableBytesView)
    }

    /// A network error in a few words, without any URL or parameter of the request.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return String(describing: error) }
        return String(describing: type(of: error))
    }
}

/// `application/x-www-form-urlencoded`, as VK reads it.
enum FormEncoding {
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
