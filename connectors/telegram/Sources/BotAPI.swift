import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Calls to one bot's Bot API (`{api_base_url}/bot<token>/<method>`), with Telegram's answers read the
/// Telegram way: `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`.
///
/// The token is part of every URL, so nothing that could contain a URL reaches an error message
/// without the token blanked out.
struct BotAPI: Sendable {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    let baseURL: String
    let token: String

    /// Answers are small JSON objects; files are fetched separately.
    static let answerLimit = 1024 * 1024
    /// The Bot API serves files up to 20 MB; a self-hosted Bot API server may serve more.
    static let fileLimit = 64 * 1024 * 1024

    init(httpClient: HTTPClient, timeout: TimeAmount, settings: TelegramSettings, token: String) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.baseURL = settings.apiBaseURL
        self.token = token
    }

    func methodURL(_ method: String) -> String { "\(baseURL)/bot\(token)/\(method)" }

    /// POSTs a JSON body to a Bot API method.
    func call<Value: Decodable>(
        _ method: String, json body: some Encodable, result: Value.Type
    ) async throws(DeliveryFailure) -> BotAnswer<Value> {
        var request = HTTPClientRequest(url: methodURL(method))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            request.body = .bytes(try Self.encoder.encode(body))
        } catch {
            throw .permanent("could not encode the \(method) request")
        }
        return try await send(request, method: method, result: result)
    }

    /// POSTs a multipart form (a file upload) to a Bot API method.
    func call<Value: Decodable>(
        _ method: String, form: MultipartForm, result: Value.Type
    ) async throws(DeliveryFailure) -> BotAnswer<Value> {
        var request = HTTPClientRequest(url: methodURL(method))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.body = .bytes(form.encoded)
        return try await send(request, method: method, result: result)
    }

    /// GETs a Bot API method with query parameters.
    func call<Value: Decodable>(
        _ method: String, query: [(String, String)], result: Value.Type
    ) async throws(DeliveryFailure) -> BotAnswer<Value> {
        let pairs = query.map { "\(Self.queryEscaped($0.0))=\(Self.queryEscaped($0.1))" }
        var request = HTTPClientRequest(url: methodURL(method) + "?" + pairs.joined(separator: "&"))
        request.method = .GET
        return try await send(request, method: method, result: result)
    }

    /// Downloads a file by the `file_path` that `getFile` returned.
    func downloadFile(path: String) async throws(DeliveryFailure) -> DownloadedMedia {
        let escapedPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? "" }
            .joined(separator: "/")
        var request = HTTPClientRequest(url: "\(baseURL)/file/bot\(token)/\(escapedPath)")
        request.method = .GET
        let response = try await execute(request, what: "the file")
        let status = response.status.code
        guard (200..<300).contains(status) else {
            let text = "Telegram answered HTTP \(status) for the file"
            throw status == 429 || status >= 500 ? .temporary(text) : .permanent(text)
        }
        let data: ByteBuffer
        do {
            data = try await response.body.collect(upTo: Self.fileLimit)
        } catch is NIOTooManyBytesError {
            throw .permanent("the file is larger than \(Self.fileLimit / 1024 / 1024) MB")
        } catch {
            throw .temporary("the file download broke off: \(redacted(error))")
        }
        let contentType = response.headers.first(name: "Content-Type")
            .flatMap { $0.isEmpty || $0.hasPrefix("application/octet-stream") ? nil : $0 }
        return DownloadedMedia(data: Array(data.readableBytesView), contentType: contentType)
    }

    private func send<Value: Decodable>(
        _ request: HTTPClientRequest, method: String, result: Value.Type
    ) async throws(DeliveryFailure) -> BotAnswer<Value> {
        let response = try await execute(request, what: method)
        let status = response.status.code
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: Self.answerLimit)
        } catch {
            throw .temporary("could not read Telegram's answer to \(method): \(redacted(error))")
        }
        guard let answer = try? JSONDecoder().decode(BotAnswer<Value>.self, from: Data(bytes.readableBytesView))
        else {
            let text = "Telegram answered HTTP \(status) to \(method) with an unreadable body"
            throw (400..<500).contains(status) && status != 429 ? .permanent(text) : .temporary(text)
        }
        if answer.ok, (200..<300).contains(status) { return answer }
        throw Self.failure(answer, status: Int(status))
    }

    private func execute(_ request: HTTPClientRequest, what: String) async throws(DeliveryFailure)
        -> HTTPClientResponse
    {
        do {
            return try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw .temporary("could not reach Telegram for \(what): \(redacted(error))")
        }
    }

    /// How a refusal is retried: `retry_after` (flood control) waits exactly as long as Telegram asks,
    /// server errors are tried again, and every other refusal (blocked, chat not found, bad request) is final.
    static func failure<Value>(_ answer: BotAnswer<Value>, status: Int) -> DeliveryFailure {
        let code = answer.errorCode ?? status
        let text = answer.description.flatMap { $0.isEmpty ? nil : $0 } ?? "Telegram answered HTTP \(code)"
        if let seconds = answer.parameters?.retryAfter {
            return .throttled(text, retryAfter: .seconds(max(seconds, 1)))
        }
        switch code {
        case 429: return .throttled(text, retryAfter: .seconds(1))
        case 500...: return .temporary(text)
        default: return .permanent(text)
        }
    }

    /// The error's text with the bot token blanked out.
    func redacted(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: token, with: "<bot_token>")
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return allowed
    }()

    private static let queryValueAllowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    static func queryEscaped(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? ""
    }
}

/// Every Bot API answer: `ok` with a `result`, or an error with its reason.
struct BotAnswer<Value: Decodable>: Decodable {
    struct Parameters: Decodable {
        var retryAfter: Int?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
        }
    }

    var ok: Bool
    var result: Value?
    var description: String?
    var errorCode: Int?
    var parameters: Parameters?

    enum CodingKeys: String, CodingKey {
        case ok, result, description, parameters
        case errorCode = "error_code"
    }
}

/// The part of a sent `Message` a receipt needs.
struct SentMessage: Decodable {
    struct Chat: Decodable {
        var id: Int64
    }

    var messageID: Int64
    var chat: Chat?

    enum CodingKeys: String, CodingKey {
        case chat
        case messageID = "message_id"
    }
}

/// The `File` that `getFile` returns; `file_path` is valid for at least an hour.
struct FileLocation: Decodable {
    var filePath: String?

    enum CodingKeys: String, CodingKey {
        case filePath = "file_path"
    }
}
