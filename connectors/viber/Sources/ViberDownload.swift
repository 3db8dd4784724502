import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// One GET of a Viber media URL, with failures sorted for the media worker.
struct ViberDownload {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    let maxBytes: Int

    func fetch(_ reference: String) async throws(DeliveryFailure) -> DownloadedMedia {
        guard let url = URL(string: reference), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else {
            throw .permanent("the Viber media reference is not an http(s) URL")
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(HTTPClientRequest(url: reference), timeout: timeout)
        } catch {
            throw .temporary("could not reach Viber's media server: \(error)")
        }
        let code = response.status.code
        switch code {
        case 200..<300:
            break
        case 429:
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let delay = ViberAPI.retryAfter(response.headers) ?? ViberStatus.throttleDelay
            throw .throttled("Viber's media server answered HTTP 429", retryAfter: delay)
        case 408, 425, 500...:
            throw .temporary("Viber's media server answered HTTP \(code)")
        default:
            throw .permanent("Viber's media server answered HTTP \(code); the link may have expired")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw .permanent("the Viber file is larger than \(maxBytes / 1024 / 1024) MiB")
        } catch {
            throw .temporary("the Viber file download broke off: \(error)")
        }
        return DownloadedMedia(data: Array(body.readableBytesView), contentType: Self.contentType(response.headers))
    }

    /// The type the server named, unless it named none or only "some bytes" (the stored guess is better).
    static func contentType(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Content-Type")?.trimmingCharacters(in: .whitespaces), !value.isEmpty
        else { return nil }
        let essence = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if essence == "application/octet-stream" || essence == "binary/octet-stream" { return nil }
        return value
    }
}
