import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Calls to the Graph API (and to the media URLs it hands out) with the inbox's bearer token.
/// The token goes only into the `Authorization` header, never into a URL or an error text.
struct GraphClient {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    let baseURL: String
    let accessToken: String

    /// Largest file WhatsApp carries (documents, 100 MB), with room for the response's own framing.
    static let mediaLimit = 100 * 1024 * 1024 + 64 * 1024
    static let jsonLimit = 1024 * 1024

    /// `POST {base}/{path}` with a JSON body; the parsed JSON answer of a 2xx.
    func postJSON(_ path: String, body: [UInt8]) async throws(DeliveryFailure) -> JSONValue {
        let response = try await execute(
            url: baseURL + "/" + path, method: .POST, contentType: "application/json", body: body,
            limit: Self.jsonLimit
        )
        return try Self.json(response.body)
    }

    /// `POST {base}/{path}` with a multipart form body.
    func postMultipart(_ path: String, form: MultipartForm) async throws(DeliveryFailure) -> JSONValue {
        let response = try await execute(
            url: baseURL + "/" + path, method: .POST, contentType: form.contentType, body: form.body,
            limit: Self.jsonLimit
        )
        return try Self.json(response.body)
    }

    /// `GET {base}/{path}`: the parsed JSON answer of a 2xx.
    func getJSON(_ path: String) async throws(DeliveryFailure) -> JSONValue {
        let response = try await execute(url: baseURL + "/" + path, method: .GET, limit: Self.jsonLimit)
        return try Self.json(response.body)
    }

    /// `GET` of a full URL the Graph API returned (a media download link), with the same bearer token.
    func getBytes(_ url: String, limit: Int = GraphClient.mediaLimit) async throws(DeliveryFailure) -> Response {
        try await execute(url: url, method: .GET, limit: limit)
    }

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var contentType: String? { headers.first(name: "Content-Type") }
    }

    private func execute(
        url: String, method: HTTPMethod, contentType: String? = nil, body: [UInt8]? = nil, limit: Int
    ) async throws(DeliveryFailure) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        // Meta's media host answers requests without a User-Agent with an error page instead of the file.
        request.headers.add(name: "User-Agent", value: "Switchboard")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(body) }

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw .temporary("could not reach WhatsApp: \(error)")
        }
        let status = Int(response.status.code)
        let isSuccess = (200..<300).contains(status)
        let bytes: [UInt8]
        do {
            let buffer = try await response.body.collect(upTo: isSuccess ? limit : 64 * 1024)
            bytes = Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            if isSuccess { throw DeliveryFailure.permanent("the file is larger than WhatsApp's limit of 100 MB") }
            throw DeliveryFailure.temporary("WhatsApp answered HTTP \(status) with an oversized body")
        } catch {
            throw .temporary("the connection to WhatsApp broke while reading its answer: \(error)")
        }
        guard isSuccess else {
            let retryAfter = response.headers.first(name: "Retry-After")
            throw GraphError.failure(status: status, body: bytes, retryAfter: retryAfter)
        }
        return Response(status: status, headers: response.headers, body: bytes)
    }

    static func json(_ body: [UInt8]) throws(DeliveryFailure) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw .temporary("WhatsApp answered with something that is not JSON")
        }
    }
}
