import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import SwitchboardAPI
@testable import switchboard

/// Hostile input that works through time: answers given before the outcome is known, patterns that
/// backtrack, guessing passwords, sockets that never finish. Each test failed before its fix.
@Suite("Hostile input over time")
struct HostileTimingTests {
    @Test("a 5xx means nothing was stored: an ingest still finishing at the deadline is waited for, not abandoned")
    func deadlineWaitsForTheTransaction() async throws {
        try await Harness.run(storeTimeout: .seconds(1)) { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            // Another session holds the messages table for 2 s: the ingest begins, then waits past its 1 s deadline.
            let locked = AsyncStream<Void>.makeStream()
            async let holder: Void = harness.store.client.withTransaction(logger: TestDatabases.logger) { connection in
                try await connection.query("LOCK TABLE messages IN EXCLUSIVE MODE", logger: TestDatabases.logger)
                locked.continuation.yield()
                try await Task.sleep(for: .seconds(2))
            }
            for await _ in locked.stream { break }
            let reply = try await org.post(inbox: inbox, externalID: "late-1", sender: "s")
            try await holder
            let stored = try await harness.count("SELECT count(*)::int FROM messages WHERE external_id = 'late-1'")
            if reply.status.code >= 500 {
                #expect(stored == 0, "a \(reply.status.code) was answered but the message was stored")
            } else {
                #expect(reply.status == .created)
                #expect(stored == 1)
            }
            #expect(reply.status == .created, "the transaction had begun, so its outcome is the answer")
        }
    }

    @Test("a backtracking rule pattern is refused at save, and one that slips through cannot stall an ingest")
    func catastrophicPatterns() async throws {
        #expect(BoundedRegex.hasNestedRepetition("(a+)+$"))
        #expect(BoundedRegex.hasNestedRepetition("(?:x*y)*"))
        #expect(BoundedRegex.hasNestedRepetition("((ab)+c)*"))
        #expect(!BoundedRegex.hasNestedRepetition("(colou?r)+"))
        #expect(!BoundedRegex.hasNestedRepetition("\\d+[(+]*(abc){2}"))
        #expect(!BoundedRegex.hasNestedRepetition("^(help|помощь)\\b"))
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            func rule(_ pattern: String) async throws -> Reply {
                try await harness.request(
                    .post, "/api/v1/rules", token: org.adminToken,
                    json: #"{"name": "r", "events": ["message_created"], "conditions": [{"field": "message.content", "operator": "matches", "value": "\#(pattern)"}], "actions": [{"type": "add_label", "label": "matched"}]}"#
                )
            }
            let nested = try await rule("(a+)+$")
            #expect(nested.status == .unprocessableContent)
            #expect(nested.json["errors"]?[0]?["field"]?.string == "conditions[0].value")
            // Overlapping alternatives backtrack too, and no static check finds every such pattern: the step budget does.
            #expect(try await rule("^(a|a)*$").status == .created)
            let started = ContinuousClock.now
            let reply = try await org.post(inbox: inbox, externalID: "redos", sender: "s", content: String(repeating: "a", count: 40) + "!")
            #expect(reply.status == .created)
            #expect(ContinuousClock.now - started < .seconds(8), "the match must give up long before the store deadline")
            let plain = try await org.post(inbox: inbox, externalID: "plain", sender: "t", content: "aaaa")
            #expect(plain.status == .created)
            let conversation = try #require(plain.json["conversation_id"]?.int)
            let labels = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(labels.json["labels"]?.array == [.string("matched")], "a pattern within budget still matches")
        }
    }

    @Test("5 failed sign-ins for an email answer 429 with Retry-After, even with the right password, whether the email exists or not")
    func signInLockout() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let email = "coordinator-\(UUID().uuidString)@example.org"
            let created = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken,
                json: #"{"name": "Coordinator", "email": "\#(email)", "role": "supervisor", "password": "correct horse"}"#
            )
            #expect(created.status == .created)
            for _ in 0..<5 {
                let wrong = try await harness.request(.post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "guess"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let locked = try await harness.request(.post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "correct horse"}"#)
            #expect(locked.status == .tooManyRequests)
            let retryAfter = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect(retryAfter > 0 && retryAfter <= 15 * 60)

            let unknown = "nobody-\(UUID().uuidString)@example.org"
            var answers: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                answers.append(try await harness.request(.post, "/api/v1/auth/login", json: #"{"email": "\#(unknown)", "password": "guess"}"#).status)
            }
            #expect(answers == Array(repeating: .unauthorized, count: 5) + [.tooManyRequests], "an unknown email behaves like a known one")
            let audited = try await harness.count(
                "SELECT count(*)::int FROM audit_events WHERE action = 'auth.login_failed' AND account_id = \(org.id)"
            )
            #expect(audited == 5)
        }
    }

    @Test("request logs carry no query string; metrics count the status the client got")
    func logsAndMetrics() async throws {
        let records = LogRecords()
        let logger = Logger(label: "switchboard.test-app") { _ in RecordingLogHandler(records: records) }
        try await Harness.run(logger: logger) { harness in
            let org = try await harness.account()
            let uid = try #require(try await org.webformInbox()["uid"]?.string)
            _ = try await harness.request(.get, "/forms/\(uid)?token=very-secret-value&hub.verify_token=also-secret")
            let lines = records.all.joined(separator: "\n")
            #expect(lines.contains("/forms/\(uid)"))
            #expect(!lines.contains("very-secret-value"))
            #expect(!lines.contains("also-secret"))

            for _ in 0..<3 {
                let refused = try await harness.request(.get, "/api/v1/conversations", token: "sb_not-a-token")
                #expect(refused.status == .unauthorized)
            }
            let metrics = try await harness.request(.get, "/metrics").text
            let conversationsLines = metrics.split(separator: "\n").filter { $0.hasPrefix("hb_requests") && $0.contains("/api/v1/conversations") }
            #expect(conversationsLines.contains { $0.contains(#"status="401""#) || $0.contains(#"status_code="401""#) }, "\(conversationsLines)")
            #expect(!conversationsLines.contains { $0.contains(#""500""#) }, "\(conversationsLines)")
        }
    }

    @Test("a request body that trickles in is cut off, and other requests are still answered")
    func slowBodies() async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: StatusOfErrorsMiddleware())
        router.post("echo") { request, _ -> String in
            var request = request
            return String(buffer: try await request.collectBody(upTo: 1 << 20))
        }
        router.get("ping") { _, _ in "pong" }
        router.post("limited") { request, _ -> String in
            var request = request
            return String(buffer: try await BodyLimit.collect(&request, upTo: 1024, tooLarge: "at most 1 KB"))
        }
        let limits = SlowClientGuard.Limits(readTimeout: .seconds(1), graceTime: .seconds(1), minimumBytesPerSecond: 1024, checkEvery: .milliseconds(200))
        let app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [SlowClientGuard(limits: limits)], idleTimeout: .seconds(2))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let socket = try await Self.rawSocket(port: port)
            let closed = try await socket.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nslow"))
                let started = ContinuousClock.now
                for try await _ in inbound {}  // ends when the server closes the connection
                return ContinuousClock.now - started
            }
            #expect(closed < .seconds(5), "the stalled body was held open for \(closed)")

            // A declared length over the limit is answered at once, without waiting for (or reading) the body.
            let oversized = try await Self.rawSocket(port: port)
            let answer = try await oversized.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "POST /limited HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\n\r\n"))
                var text = ""
                for try await chunk in inbound {
                    text += String(buffer: chunk)
                    if text.contains("\r\n\r\n") { break }
                }
                return text
            }
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
            let pong = try await client.execute(uri: "/ping", method: .get) { String(buffer: $0.body) }
            #expect(pong == "pong")
        }
    }
}

extension HostileTimingTests {
    /// A plain TCP connection to the test server, for requests no HTTP client would send.
    static func rawSocket(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    }
}

/// Turns thrown domain errors into their statuses, as the real router does, for a bare test router.
struct StatusOfErrorsMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SwitchboardError {
            return Response(status: error.status)
        }
    }
}

/// Log lines as text, for assertions about what reaches the log.
final class LogRecords: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        let all = metadata.merging(explicit ?? [:]) { $1 }
        records.append("\(level) \(message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
    }
}
