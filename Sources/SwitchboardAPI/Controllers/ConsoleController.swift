import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardConsole
import SwitchboardCore

/// Serves the agent console from memory: the page at `/` (revalidated on every load, so a new version is
/// picked up at once) and its files under `/console/{version}/` (kept by the browser for a year, since a
/// new version has a new address). Every answer carries the console's Content-Security-Policy: scripts
/// and styles only from this server, no inline script, no framing.
struct ConsoleController {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, _ in
            Self.answer(ConsoleAssets.page, to: request, cacheControl: "no-cache")
        }
        router.get("console/:version/:file") { request, context in
            let name = context.parameters.get("file") ?? ""
            guard let asset = ConsoleAssets.files[name] else { throw SwitchboardError.notFound("console file \(name)") }
            let current = context.parameters.get("version") == ConsoleAssets.version
            return Self.answer(asset, to: request, cacheControl: current ? "public, max-age=31536000, immutable" : "no-cache")
        }
    }

    static func answer(_ asset: ConsoleAsset, to request: Request, cacheControl: String) -> Response {
        var headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: cacheControl,
            .contentSecurityPolicy: policy, .vary: "Accept-Encoding",
        ]
        headers[.xFrameOptions] = "DENY"
        if let sent = request.headers[.ifNoneMatch], sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        if let gzipped = asset.gzipped, acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gzipped)))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// True when `Accept-Encoding` lists gzip without refusing it (`gzip;q=0`).
    static func acceptsGzip(_ header: String?) -> Bool {
        for item in (header ?? "").lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "gzip" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
}
