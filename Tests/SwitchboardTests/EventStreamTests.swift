import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import ServiceLifecycle
import SwitchboardAPI
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// The server-sent event stream over real HTTP, with two server processes on one database.
@Suite("Event stream")
struct EventStreamTests {
    /// One server process listening on a free loopback port, with its event services running.
    static func live(
        _ url: String, streamBuffer: Int = EventSubscription.defaultCapacity,
        _ body: @Sendable (_ base: String, _ assembly: Assembly) async throws -> Void
    ) async throws {
        let client = PostgresClient(configuration: try DatabaseURL.configuration(url), backgroundLogger: TestDatabases.logger)
        let assembly = Assembly(
            client: client, httpClient: .shared, metrics: TestMetrics.registry,
            urlPolicy: OutboundURLPolicy(allowPrivate: true), streamBuffer: streamBuffer
        )
        var logger = Logger(label: "switchboard.test-stream")
        logger.logLevel = .warning
        let app = Application(
            router: buildRouter(assembly.dependencies(publicBaseURL: "http://127.0.0.1")),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            services: [client, assembly.effects] + assembly.eventServices(), logger: logger
        )
        try await app.test(.live) { testClient in
            try await body("http://127.0.0.1:\(try #require(testClient.port))", assembly)
        }
    }

    static func call(_ base: String, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 10 << 20)
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
    }

    @Test("a stream on B hears what A stored; a resumed stream gets exactly what it missed; scopes hold")
    func acrossProcessesAndResume() async throws {
        let url = try await TestDatabases.shared.create()
        try await Self.live(url) { a, _ in
            try await Self.live(url) { b, _ in
                let admin = try await withClient(url) { client in
                    let store = PostgresStore(client: client)
                    let made = try await store.bootstrap(accountName: "Org", email: "admin@example.org", passwordHash: nil)
                    let token = AccessToken.generate()
                    try await store.saveToken(agentID: made.admin.id, tokenHash: AccessToken.hash(token), name: nil)
                    return token
                }
                let stranger = try await withClient(url) { client in
                    let store = PostgresStore(client: client)
                    let made = try await store.bootstrap(accountName: "Other", email: "other@example.org", passwordHash: nil)
                    let token = AccessToken.generate()
                    try await store.saveToken(agentID: made.admin.id, tokenHash: AccessToken.hash(token), name: nil)
                    return token
                }
                let team = try await Self.call(a, .POST, "/api/v1/teams", token: admin, json: #"{"name": "Line 1"}"#)
                let outsider = try await Self.call(
                    a, .POST, "/api/v1/agents", token: admin, json: #"{"name": "Out", "email": "out@example.org", "role": "agent"}"#
                )
                let outsiderToken = try #require(
                    try await Self.call(a, .POST, "/api/v1/agents/\(outsider["id"]?.int ?? 0)/tokens", token: admin)["token"]?.string
                )
                let inbox = try await Self.call(
                    a, .POST, "/api/v1/inboxes", token: admin,
                    json: #"{"name": "Partner", "team_id": \#(team["id"]?.int ?? 0), "channel": {"kind": "api", "config": {}}}"#
                )
                let inboxID = try #require(inbox["id"]?.int)

                let watching = EventStreamClient(base: b, token: admin)
                let outside = EventStreamClient(base: b, token: outsiderToken)
                let foreign = EventStreamClient(base: b, token: stranger)
                try await watching.waitUntilConnected()
                try await outside.waitUntilConnected()
                try await foreign.waitUntilConnected()

                let ingested = try await Self.call(
                    a, .POST, "/api/v1/inboxes/\(inboxID)/messages", token: admin,
                    json: #"{"external_id": "m1", "sender": {"external_id": "u1"}, "content": "Through A"}"#
                )
                let conversation = try #require(ingested["conversation_id"]?.int)
                let heard = await watching.wait { $0.contains { $0.event == "message.created" } }
                let message = try #require(heard.first { $0.event == "message.created" })
                #expect(message.json["data"]?["content"]?.string == "Through A")
                #expect(message.json["conversation_id"]?.int == conversation)
                #expect(message.id == message.json["id"]?.int)
                watching.close()
                let lastSeen = try #require(heard.compactMap(\.id).max())

                for index in 1...3 {
                    _ = try await Self.call(
                        a, .POST, "/api/v1/conversations/\(conversation)/messages", token: admin,
                        json: #"{"content": "note \#(index)", "private": true}"#
                    )
                }
                let resumed = EventStreamClient(base: b, token: admin, lastEventID: lastSeen)
                let missed = await resumed.wait { $0.filter { $0.id != nil }.count >= 3 }
                try await Task.sleep(for: .seconds(1))
                let all = await resumed.frames.filter { $0.id != nil }
                #expect(all.map(\.event) == ["message.created", "message.created", "message.created"], "\(all.map(\.event))")
                #expect(all.map { $0.json["data"]?["content"]?.string } == ["note 1", "note 2", "note 3"])
                let ids = all.compactMap(\.id)
                #expect(ids == ids.sorted() && ids.first ?? 0 > lastSeen)
                #expect(missed.count >= 3)
                resumed.close()

                // The outsider and the other account heard nothing of it.
                #expect(await outside.frames.allSatisfy { $0.json["conversation_id"]?.int != conversation })
                #expect(await foreign.frames.filter { $0.id != nil }.isEmpty)
                outside.close()
                foreign.close()

                let bad = try await Self.call(b, .GET, "/api/v1/events/stream?last_event_id=-4", token: admin)
                #expect(bad["errors"]?[0]?["field"]?.string == "last_event_id")
            }
        }
    }

    @Test("a reader that never reads is cut off, and the server keeps no stream for it")
    func slowReaderIsCut() async throws {
        let url = try await TestDatabases.shared.create()
        try await Self.live(url, streamBuffer: 8) { base, assembly in
            let token = try await withClient(url) { client in
                let store = PostgresStore(client: client)
                let made = try await store.bootstrap(accountName: "Org", email: "admin@example.org", passwordHash: nil)
                let token = AccessToken.generate()
                try await store.saveToken(agentID: made.admin.id, tokenHash: AccessToken.hash(token), name: nil)
                return token
            }
            let inbox = try await Self.call(base, .POST, "/api/v1/inboxes", token: token, json: #"{"name": "P", "channel": {"kind": "api", "config": {}}}"#)
            let ingested = try await Self.call(
                base, .POST, "/api/v1/inboxes/\(inbox["id"]?.int ?? 0)/messages", token: token,
                json: #"{"external_id": "m1", "sender": {"external_id": "u1"}, "content": "Hi"}"#
            )
            let conversation = try #require(ingested["conversation_id"]?.int)
            let port = try #require(URLComponents(string: base)?.port)
            let socket = try await HostileTimingTests.rawSocket(port: port)
            try await socket.executeThenClose { inbound, outbound in
                try await outbound.write(
                    ByteBuffer(string: "GET /api/v1/events/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n")
                )
                let deadline = ContinuousClock.now + .seconds(5)
                while assembly.eventHub.subscriberCount == 0, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(assembly.eventHub.subscriberCount == 1)
                // About 8 MB of notes: more than the socket buffers hold, so the server's writes stall.
                let note = String(repeating: "x", count: 20_000)
                for _ in 0..<400 {
                    _ = try await Self.call(
                        base, .POST, "/api/v1/conversations/\(conversation)/messages", token: token,
                        json: #"{"content": "\#(note)", "private": true}"#
                    )
                    if assembly.eventHub.subscriberCount == 0 { break }
                }
                let cutBy = ContinuousClock.now + .seconds(20)
                while assembly.eventHub.subscriberCount > 0, ContinuousClock.now < cutBy {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(assembly.eventHub.subscriberCount == 0, "the stalled stream was dropped")
                // What was written before the cut can still be read; then the connection ends.
                let drained = try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        do { for try await _ in inbound {} } catch {}
                        return true
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(20))
                        return false
                    }
                    let first = try await group.next() ?? false
                    group.cancelAll()
                    return first
                }
                #expect(drained, "the server closed the connection")
            }
            // The server still serves streams afterwards.
            let fresh = EventStreamClient(base: base, token: token)
            try await fresh.waitUntilConnected()
            fresh.close()
        }
    }
}

/// A client of the event stream over HTTP that keeps every frame it received.
final class EventStreamClient: Sendable {
    struct Frame: Sendable {
        var id: Int64?
        var event: String?
        var data: String
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))) ?? .null }
    }

    actor Log {
        var frames: [Frame] = []
        var connected = false
        func add(_ frame: Frame) { frames.append(frame) }
        func connect() { connected = true }
    }

    let log = Log()
    let task: Task<Void, Never>

    init(base: String, token: String, lastEventID: Int64? = nil) {
        let log = log
        task = Task {
            var request = HTTPClientRequest(url: base + "/api/v1/events/stream")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(120)) else { return }
            await log.connect()
            var pending = ""
            do {
                for try await chunk in response.body {
                    pending += String(buffer: chunk)
                    while let end = pending.range(of: "\n\n") {
                        let block = String(pending[..<end.lowerBound])
                        pending = String(pending[end.upperBound...])
                        var frame = Frame(data: "")
                        var hasData = false
                        for line in block.split(separator: "\n") {
                            if line.hasPrefix("id: ") { frame.id = Int64(line.dropFirst(4)) }
                            if line.hasPrefix("event: ") { frame.event = String(line.dropFirst(7)) }
                            if line.hasPrefix("data: ") {
                                frame.data += String(line.dropFirst(6))
                                hasData = true
                            }
                        }
                        if hasData { await log.add(frame) }
                    }
                }
            } catch {}
        }
    }

    var frames: [Frame] { get async { await log.frames } }

    func waitUntilConnected() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while await !log.connected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// The frames once `done` holds for them, or after 10 seconds.
    func wait(until done: @Sendable ([Frame]) -> Bool) async -> [Frame] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let frames = await log.frames
            if done(frames) { return frames }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await log.frames
    }

    func close() { task.cancel() }
}
