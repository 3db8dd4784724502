import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import switchboard

/// The console as a browser loads it from `serve`: the page, its modules, caching, gzip and the CSP.
@Suite("Console files")
struct ConsoleAssetsTests {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    @Test("the page names its versioned files; every answer carries the CSP; the page is revalidated, the files kept")
    func pageAndFiles() async throws {
        try await Harness.run { harness in
            let page = try await harness.request(.get, "/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy] == Self.policy)
            #expect(page.headers[.cacheControl] == "no-cache")
            #expect(!page.text.contains("%VERSION%"))
            #expect(!page.text.contains("<script>"), "no inline script")
            let script = try #require(page.text.firstMatch(of: #/src="(/console/[0-9a-f]+/app\.js)"/#)?.output.1)
            let app = try await harness.request(.get, String(script))
            #expect(app.status == .ok)
            #expect(app.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(app.headers[.contentSecurityPolicy] == Self.policy)
            #expect(app.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(app.text.contains("import"))
            let version = script.split(separator: "/")[1]
            let stale = try await harness.request(.get, "/console/0000/app.js")
            #expect(stale.headers[.cacheControl] == "no-cache", "an old page's address is not kept for a year")
            let missing = try await harness.request(.get, "/console/\(version)/nothing.js")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            let traversal = try await harness.request(.get, "/console/\(version)/..%2Fopenapi.json")
            #expect(traversal.status == .notFound)

            // Every module the page imports is there: nothing the browser asks for is missing.
            let imports = app.text.matches(of: #/from "\./([a-z-]+\.js)"/#).map { String($0.output.1) }
            #expect(imports.count >= 5)
            for name in imports {
                #expect(try await harness.request(.get, "/console/\(version)/\(name)").status == .ok, "\(name)")
            }
        }
    }

    @Test("gzip when accepted, the same bytes otherwise; If-None-Match answers 304")
    func compressionAndETags() async throws {
        try await Harness.run { harness in
            let plain = try await harness.request(.get, "/")
            let etag = try #require(plain.headers[.eTag])
            #expect(plain.headers[.contentEncoding] == nil)
            var headers: HTTPFields = [:]
            headers[.acceptEncoding] = "br;q=1.0, gzip;q=0.8"
            let script = try #require(plain.text.firstMatch(of: #/src="(/console/[0-9a-f]+/app\.js)"/#)?.output.1)
            let zipped = try await harness.request(.get, String(script), headers: headers)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            let raw = try await harness.request(.get, String(script))
            #expect(zipped.body.readableBytes < raw.body.readableBytes)
            headers[.acceptEncoding] = "gzip;q=0"
            #expect(try await harness.request(.get, String(script), headers: headers).headers[.contentEncoding] == nil)

            var conditional: HTTPFields = [:]
            conditional[.ifNoneMatch] = etag
            let unchanged = try await harness.request(.get, "/", headers: conditional)
            #expect(unchanged.status == .notModified)
            #expect(unchanged.body.readableBytes == 0)
            #expect(unchanged.headers[.contentSecurityPolicy] == Self.policy)
        }
    }
}
