import Foundation
import NIOCore

/// The OpenAPI 3.1 description of the HTTP API (`openapi.json`, a bundled resource), served verbatim at
/// `GET /openapi.json`.
///
/// It must stay true to the controllers and DTOs: a test holds its (method, path) pairs equal to the
/// router's, and the contract run (scripts/test) checks every response of the running server against it.
/// It lives in a file so that editors, linters and client generators can read it as what it is.
enum OpenAPIDocument {
    /// The file's bytes, read once. The build always bundles the file, so its absence is a broken
    /// build, reported when the router is built at start rather than at the first request.
    static let bytes: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("openapi.json is missing from the SwitchboardAPI resource bundle")
        }
        return ByteBuffer(bytes: data)
    }()
}
