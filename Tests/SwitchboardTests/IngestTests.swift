import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

@Suite("Ingest through the api channel")
struct IngestTests {
    @Test("a first message creates a contact named Anonymous #id and an open conversation")
    func firstMessage() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let reply = try await org.post(inbox: inbox, externalID: "m-1", sender: "user-7", content: "I need help")
            #expect(reply.status == .created)
            let contactID = try #require(reply.json["contact_id"]?.int)
            let conversationID = try #require(reply.json["conversation_id"]?.int)
            #expect(reply.json["duplicate"]?.bool == false)

            let conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
            #expect(conversation.status == .ok)
            #expect(conversation.json["status"]?.string == "open")
            #expect(conversation.json["contact"]?["name"]?.string == "Anonymous #\(contactID)")
            #expect(conversation.json["last_message"]?["content"]?.string == "I need help")
            #expect(conversation.json["last_message"]?["direction"]?.string == "in")

            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversationID)/messages", token: org.adminToken)
            #expect(messages.json["items"]?.array.count == 1)
            #expect(messages.json["items"]?[0]?["sender"]?["type"]?.string == "contact")
            #expect(messages.json["items"]?[0]?["sender"]?["name"]?.string == "Anonymous #\(contactID)")
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE raw_payload LIKE '%I need help%'") == 1)
        }
    }

    @Test("a named sender keeps their name; their next message joins the open conversation")
    func joinsOpenConversation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let first = try await org.post(inbox: inbox, externalID: "a", sender: "u1", name: "Iryna")
            let second = try await org.post(inbox: inbox, externalID: "b", sender: "u1", content: "More details")
            #expect(second.status == .created)
            #expect(first.json["conversation_id"] == second.json["conversation_id"])
            #expect(first.json["contact_id"] == second.json["contact_id"])
            let contact = try await harness.request(
                .get, "/api/v1/contacts/\(try #require(first.json["contact_id"]?.int))", token: org.adminToken
            )
            #expect(contact.json["name"]?.string == "Iryna")
            #expect(contact.json["identities"]?[0]?["external_id"]?.string == "u1")
            #expect(contact.json["conversations"]?.array.count == 1)
        }
    }

    @Test("a message adds what the contact lacks; one that repeats what is known changes nothing, not even updated_at")
    func enrichment() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            func post(_ id: String, _ sender: String) async throws -> Reply {
                try await harness.request(
                    .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                    json: #"{"external_id": "\#(id)", "sender": \#(sender), "content": "Hello"}"#
                )
            }
            let first = try await post("e1", #"{"external_id": "u9", "email": "iryna@example.org"}"#)
            let contactID = try #require(first.json["contact_id"]?.int)
            func contact() async throws -> JSONValue {
                try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken).json
            }
            func stamp() async throws -> Int {
                try await harness.count("SELECT (extract(epoch FROM updated_at) * 1000000)::bigint % 1000000000 FROM contacts WHERE id = \(contactID)")
            }
            #expect(try await contact()["name"]?.string == "Anonymous #\(contactID)")
            let before = try await stamp()

            let same = try await post("e2", #"{"external_id": "u9", "email": "other@example.org"}"#)
            #expect(same.status == .created)
            #expect(try await stamp() == before, "an email the contact already has is not replaced, so nothing is written")

            let named = try await post("e3", #"{"external_id": "u9", "name": "Iryna", "language": "uk", "phone": "+380501234567"}"#)
            #expect(named.json["contact_id"]?.int == contactID)
            let enriched = try await contact()
            #expect(enriched["name"]?.string == "Iryna")
            #expect(enriched["email"]?.string == "iryna@example.org")
            #expect(enriched["phone"]?.string == "+380501234567")
            #expect(enriched["language"]?.string == "uk")
            #expect(try await stamp() != before)

            let repeated = try await stamp()
            _ = try await post("e4", #"{"external_id": "u9", "name": "Someone else", "language": "uk"}"#)
            #expect(try await contact()["name"]?.string == "Iryna", "a given name is kept")
            #expect(try await stamp() == repeated)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE sender_id = \(contactID)") == 4)
        }
    }

    @Test("after a resolve the next message opens a new conversation; a snoozed one reopens")
    func resolvedAndSnoozed() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let first = try #require(try await org.post(inbox: inbox, externalID: "1", sender: "u").json["conversation_id"]?.int)
            let resolve = try await harness.request(
                .patch, "/api/v1/conversations/\(first)", token: org.adminToken, json: #"{"status": "resolved"}"#
            )
            #expect(resolve.json["status"]?.string == "resolved")
            let second = try #require(try await org.post(inbox: inbox, externalID: "2", sender: "u").json["conversation_id"]?.int)
            #expect(second != first)

            let snooze = try await harness.request(
                .patch, "/api/v1/conversations/\(second)", token: org.adminToken,
                json: #"{"status": "snoozed", "snoozed_until": "2099-01-01T00:00:00Z"}"#
            )
            #expect(snooze.json["status"]?.string == "snoozed")
            let third = try #require(try await org.post(inbox: inbox, externalID: "3", sender: "u").json["conversation_id"]?.int)
            #expect(third == second)
            let reopened = try await harness.request(.get, "/api/v1/conversations/\(second)", token: org.adminToken)
            #expect(reopened.json["status"]?.string == "open")
            #expect(reopened.json["snoozed_until"]?.isNull == true)
        }
    }

    @Test("a retried delivery returns the first result and adds nothing, also with 20 concurrent copies")
    func idempotent() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let first = try await org.post(inbox: inbox, externalID: "dup", sender: "u")
            let again = try await org.post(inbox: inbox, externalID: "dup", sender: "u")
            #expect(again.status == .ok)
            #expect(again.json["duplicate"]?.bool == true)
            #expect(again.json["message_id"] == first.json["message_id"])

            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await org.post(inbox: inbox, externalID: "burst", sender: "new-person") }
                }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == .created }.count == 1)
            #expect(replies.filter { $0.status == .ok }.count == 19)
            #expect(Set(replies.compactMap { $0.json["message_id"]?.int }).count == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE external_id = 'burst'") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM contact_identities WHERE external_id = 'new-person'") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM contacts") == 2)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations") == 2)
        }
    }

    @Test("bad input is a 422 naming the field, and nothing is written")
    func badInput() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let missing = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                json: #"{"sender": {"external_id": "u"}, "content": "hi"}"#
            )
            #expect(missing.status == .unprocessableContent)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.json["errors"]?[0]?["field"]?.string == "external_id")

            let wrongType = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                json: #"{"external_id": 5, "sender": {"external_id": "u"}, "content": "hi"}"#
            )
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.json["errors"]?[0]?["field"]?.string == "external_id")

            let empty = try await org.post(inbox: inbox, externalID: "e", sender: "u", content: "  ")
            #expect(empty.status == .unprocessableContent)
            #expect(empty.json["errors"]?[0]?["field"]?.string == "content")

            let broken = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken, json: #"{"external_id": "#
            )
            #expect(broken.status == .badRequest)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM contacts") == 0)
        }
    }

    @Test("with the database unreachable ingest answers 503 so the sender retries, and nothing is written")
    func storeDown() async throws {
        let url = try await TestDatabases.shared.create()
        let inbox: Inbox = try await withClient(url) { client in
            let store = PostgresStoreFactory.make(client)
            let account = try await store.bootstrap(accountName: "Down", email: "down@example.org", passwordHash: nil)
            return try await store.createInbox(
                accountID: account.account.id, uid: "down-uid",
                NewInbox(name: "api", kind: .api, config: ["secret": "0123456789abcdef0123"], teamID: nil, greetingTemplateID: nil)
            )
        }
        // The same pipeline over a client whose server does not answer: a port nothing listens on.
        var unreachable = try DatabaseURL.configuration(url)
        unreachable = .init(host: "127.0.0.1", port: 9, username: unreachable.username, password: unreachable.password,
                            database: unreachable.database, tls: .disable)
        unreachable.options.connectTimeout = .milliseconds(300)
        let downClient = PostgresClient(configuration: unreachable, backgroundLogger: TestDatabases.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await downClient.run() }
            let store = PostgresStoreFactory.make(downClient, timeout: .seconds(1))
            let pipeline = IngestPipeline(store: store)
            let event = InboundEvent(
                externalID: "lost?", sender: InboundSender(externalID: "u"), content: "hello", rawPayload: "{}"
            )
            await #expect(throws: SwitchboardError.storeUnavailable) {
                try await pipeline.ingest(event, into: inbox)
            }
            #expect(await store.ping() == false)
            group.cancelAll()
        }
        try await withClient(url) { client in
            let rows = try await client.query("SELECT count(*)::int FROM messages", logger: TestDatabases.logger)
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }

    @Test("over HTTP, an unreachable database is a 503 problem with Retry-After, and /health says so")
    func storeDownOverHTTP() async throws {
        let url = "postgres://switchboard:switchboard@127.0.0.1:9/nothing?sslmode=disable"
        try await Harness.run(storeTimeout: .seconds(1), databaseURL: url) { harness in
            let post = try await harness.request(
                .post, "/api/v1/inboxes/1/messages", token: "sb_anything",
                json: #"{"external_id": "x", "sender": {"external_id": "u"}, "content": "hi"}"#
            )
            #expect(post.status == .serviceUnavailable)
            #expect(post.headers[.contentType] == "application/problem+json")
            #expect(post.headers[.retryAfter] != nil)
            let health = try await harness.request(.get, "/health")
            #expect(health.status == .serviceUnavailable)
            #expect(health.json["database"]?.string == "unavailable")
        }
    }
}

@Suite("Operations endpoints")
struct OperationsTests {
    @Test("health says ok and metrics show requests, ingests and the outbox depth in Prometheus text")
    func healthAndMetrics() async throws {
        try await Harness.run { harness in
            let health = try await harness.request(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.json["status"]?.string == "ok")
            #expect(health.json["database"]?.string == "ok")
            #expect(health.headers[HTTPField.Name("X-Request-Id")!] != nil)

            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            try await org.post(inbox: inbox, externalID: "metric-1", sender: "u")
            _ = try await harness.assembly.deliveryWorker(.init()).runOnce()
            try await harness.assembly.deliveryWorker(.init(pollInterval: .milliseconds(1))).recordOutboxDepth()

            let metrics = try await harness.request(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"switchboard_ingested_total{channel="api",duplicate="false"}"#))
            #expect(metrics.text.contains("switchboard_ingest_duration"))
            #expect(metrics.text.contains("switchboard_outbox_pending"))
            #expect(metrics.text.contains("hb_requests"))
        }
    }
}
