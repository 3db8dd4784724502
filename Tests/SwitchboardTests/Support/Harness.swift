import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import NIOCore
import PostgresNIO
import ServiceLifecycle
import SwitchboardAPI
import SwitchboardCore
import SwitchboardStore

@testable import switchboard

/// The process-wide metrics backend, as `serve` installs it (swift-metrics allows one per process).
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// The master key of channel secrets in tests: scripts/test sets `SWITCHBOARD_SECRET_KEY`; a random one otherwise.
enum TestSecrets {
    static let box: SecretBox = {
        if let box = try? SecretBox.fromEnvironment() { return box }
        return try! SecretBox(base64Key: SecretBox.generateKey())
    }()
}

/// One answer from the server, with its body read as JSON when it is JSON.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
    }
    var text: String { String(buffer: body) }
}

/// The real application (router, stores, connectors) on a fresh database, driven through HTTP.
struct Harness: Sendable {
    let client: any TestClientProtocol
    let store: PostgresStore
    let assembly: Assembly
    let databaseURL: String

    /// Starts the app on a new database and runs `body` against it.
    static func run(
        storeTimeout: Duration = .seconds(10),
        databaseURL: String? = nil,
        registersWebhooks: Bool = false,
        allowPrivateURLs: Bool = true,
        /// Runs the event publisher, stream fan-out and webhook sender, as `serve` does.
        events: WebhookSender.Settings? = nil,
        logger: Logger = Logger(label: "switchboard.test-app"),
        _ body: @Sendable (Harness) async throws -> Void
    ) async throws {
        let url: String
        if let databaseURL { url = databaseURL } else { url = try await TestDatabases.shared.create() }
        var configuration = try DatabaseURL.configuration(url)
        configuration.options.connectTimeout = .seconds(1)
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabases.logger)
        let assembly = Assembly(
            client: client, httpClient: .shared, storeTimeout: storeTimeout, metrics: TestMetrics.registry,
            secrets: TestSecrets.box, urlPolicy: OutboundURLPolicy(allowPrivate: allowPrivateURLs)
        )
        let router = buildRouter(
            assembly.dependencies(publicBaseURL: "https://switchboard.test", registersWebhooks: registersWebhooks)
        )
        let services: [any Service] = [client, assembly.effects] + (events.map { assembly.eventServices(webhooks: $0) } ?? [])
        let app = Application(router: router, services: services, logger: logger)
        try await app.test(.router) { testClient in
            try await body(Harness(client: testClient, store: assembly.store, assembly: assembly, databaseURL: url))
        }
    }

    func request(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        body: ByteBuffer? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json {
            headers[.contentType] = "application/json"
            payload = ByteBuffer(string: json)
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: payload) { response in
            Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }

    /// A new account with its admin; returns the admin's token.
    func account(_ name: String = "Org") async throws -> TestAccount {
        let result = try await store.bootstrap(accountName: name, email: "admin-\(UUID().uuidString)@example.org", passwordHash: nil)
        let token = AccessToken.generate()
        try await store.saveToken(
            agentID: result.admin.id, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: nil
        )
        return TestAccount(harness: self, id: result.account.id, adminID: result.admin.id, adminToken: token)
    }

    /// Runs SQL against the test database for assertions a person would make by looking at the tables.
    func count(_ sql: String) async throws -> Int {
        try await store.client.withConnection { connection in
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabases.logger)
                .decode(Int.self)
            {
                return value
            }
            return 0
        }
    }
}

/// An organization in the test database, with helpers that go through the public API.
struct TestAccount: Sendable {
    let harness: Harness
    let id: Int64
    let adminID: Int64
    let adminToken: String

    func apiInbox(name: String = "Partner system", config: String = "{}", teamID: Int64? = nil) async throws -> JSONValue {
        let team = teamID.map { ", \"team_id\": \($0)" } ?? ""
        let reply = try await harness.request(
            .post, "/api/v1/inboxes", token: adminToken,
            json: #"{"name": "\#(name)", "channel": {"kind": "api", "config": \#(config)}\#(team)}"#
        )
        guard reply.status == .created else { throw TestSetupError("inbox: \(reply.status) \(reply.text)") }
        return reply.json
    }

    func webformInbox(config: String = "{}") async throws -> JSONValue {
        let reply = try await harness.request(
            .post, "/api/v1/inboxes", token: adminToken,
            json: #"{"name": "Help form", "channel": {"kind": "webform", "config": \#(config)}}"#
        )
        guard reply.status == .created else { throw TestSetupError("inbox: \(reply.status) \(reply.text)") }
        return reply.json
    }

    @discardableResult
    func post(
        inbox: Int64, externalID: String, sender: String, name: String? = nil, content: String = "Hello"
    ) async throws -> Reply {
        let nameField = name.map { #", "name": "\#($0)""# } ?? ""
        return try await harness.request(
            .post, "/api/v1/inboxes/\(inbox)/messages", token: adminToken,
            json: #"{"external_id": "\#(externalID)", "sender": {"external_id": "\#(sender)"\#(nameField)}, "content": "\#(content)"}"#
        )
    }

    /// A template named and short-coded `code`; returns its id.
    func template(_ code: String, _ body: String) async throws -> Int64 {
        let reply = try await harness.request(
            .post, "/api/v1/templates", token: adminToken,
            json: #"{"name": "\#(code)", "shortcode": "\#(code)", "body": "\#(body)"}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else {
            throw TestSetupError("template: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Creates an agent with a token; returns (id, token).
    func agent(role: String = "agent", name: String = "Olena") async throws -> (id: Int64, token: String) {
        let reply = try await harness.request(
            .post, "/api/v1/agents", token: adminToken,
            json: #"{"name": "\#(name)", "email": "\#(UUID().uuidString)@example.org", "role": "\#(role)"}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else {
            throw TestSetupError("agent: \(reply.status) \(reply.text)")
        }
        let token = try await harness.request(.post, "/api/v1/agents/\(id)/tokens", token: adminToken)
        guard let value = token.json["token"]?.string else { throw TestSetupError("token: \(token.text)") }
        return (id, value)
    }
}
