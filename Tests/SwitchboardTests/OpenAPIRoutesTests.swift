import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import SwitchboardAPI
import SwitchboardCore
import Testing

@testable import switchboard

/// The OpenAPI file and the router describe one API: an operation added to one and not the other fails
/// here, before a client generated from the document meets a route that is not there (or misses one that is).
@Suite("OpenAPI document")
struct OpenAPIRoutesTests {
    /// The router `serve` builds. Building it runs no query, so the database client is never started.
    static func router() -> Router<AppRequestContext> {
        let client = PostgresClient(
            configuration: .init(host: "127.0.0.1", username: "unused", password: nil, database: nil, tls: .disable)
        )
        let assembly = Assembly(client: client, httpClient: .shared, metrics: TestMetrics.registry)
        return buildRouter(assembly.dependencies(publicBaseURL: "https://switchboard.test"))
    }

    /// The document as `GET /openapi.json` serves it, checking the response on the way.
    static func servedDocument() async throws -> [String: Any] {
        let app = Application(router: router())
        return try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                return try #require(object as? [String: Any])
            }
        }
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test("every (method, path) the router registers is in the document, and every operation of the document is routed")
    func routesMatchDocument() async throws {
        let document = try await Self.servedDocument()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let described = Set(
            paths.flatMap { path, item in item.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" } }
        )
        // Hummingbird names a path parameter `{id}` in a route's description, as OpenAPI does.
        let routed = Set(Self.router().routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(!routed.isEmpty)
        #expect(routed.subtracting(described).sorted() == [], "routed but not in openapi.json")
        #expect(described.subtracting(routed).sorted() == [], "in openapi.json but not routed")
    }

    @Test("every operation of the document describes its responses")
    func documentIsWellFormed() async throws {
        let document = try await Self.servedDocument()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for (method, operation) in item where Self.methods.contains(method) {
                let operation = try #require(operation as? [String: Any], "\(method) \(path)")
                #expect(operation["responses"] is [String: Any], "\(method) \(path) has responses")
            }
        }
    }
}
