import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// The list's search (`q`): a term anywhere in a message, the contact's name or the subject, whichever way
/// the store looks it up — from the trigram indexes (a term with three letters or digits in a row) or by
/// walking the conversations (a shorter one).
@Suite("Conversation search")
struct ConversationSearchTests {
    @Test("a term is found in messages, names and subjects, in any case, with LIKE's wildcards taken literally")
    func findsWhatPeopleTyped() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            func conversation(_ reply: Reply) throws -> Int64 { try #require(reply.json["conversation_id"]?.int) }
            let water = try conversation(try await org.post(inbox: inbox, externalID: "w", sender: "a", content: "Need WATER filters"))
            let consult = try conversation(
                try await org.post(inbox: inbox, externalID: "k", sender: "b", content: "Хочу записатися на консультацію")
            )
            let named = try conversation(
                try await org.post(inbox: inbox, externalID: "n", sender: "c", name: "Oksana Melnyk", content: "hello")
            )
            let sale = try conversation(try await org.post(inbox: inbox, externalID: "s", sender: "d", content: "50% off_sale"))
            _ = try await harness.count("UPDATE conversations SET subject = 'Lease renewal' WHERE id = \(named) RETURNING 1")

            func found(_ query: String) async throws -> [Int64] {
                let encoded = try #require(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let reply = try await harness.request(.get, "/api/v1/conversations?q=\(encoded)", token: org.adminToken)
                #expect(reply.status == .ok)
                return reply.json["items"]?.array.compactMap { $0["id"]?.int } ?? []
            }
            #expect(try await found("water") == [water])
            #expect(try await found("wAt") == [water])
            #expect(try await found("КОНСУЛЬТАЦ") == [consult])
            #expect(try await found("melnyk") == [named])
            #expect(try await found("renewal") == [named])
            #expect(try await found("zzqx").isEmpty)
            // Shorter terms (no trigram to look up) walk the conversations and find the same things.
            #expect(try await found("tE") == [water])
            #expect(try await found("Ok") == [named])
            // % and _ are characters to find, not wildcards.
            #expect(try await found("%") == [sale])
            #expect(try await found("0% off") == [sale])
            #expect(try await found("f_s") == [sale])
            #expect(try await found("e_f").isEmpty)

            let counted = try await harness.request(.get, "/api/v1/conversations/counts?q=filters", token: org.adminToken)
            #expect(counted.json == .object(["mine": .number(0), "unassigned": .number(1), "all": .number(1)]))
        }
    }

    @Test("matches page by the cursor, newest first, and another account's messages never match")
    func pagesAndAccounts() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let other = try await harness.account("Other")
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let otherInbox = try #require(try await other.apiInbox()["id"]?.int)
            var ids: [Int64] = []
            for number in 1...3 {
                let reply = try await org.post(inbox: inbox, externalID: "r\(number)", sender: "s\(number)", content: "refill \(number)")
                ids.append(try #require(reply.json["conversation_id"]?.int))
                try await org.post(inbox: inbox, externalID: "x\(number)", sender: "t\(number)", content: "unrelated")
            }
            try await other.post(inbox: otherInbox, externalID: "o", sender: "o", content: "refill elsewhere")

            let first = try await harness.request(.get, "/api/v1/conversations?q=refill&limit=2", token: org.adminToken)
            #expect(first.json["items"]?.array.compactMap { $0["id"]?.int } == [ids[2], ids[1]])
            let cursor = try #require(first.json["next_cursor"]?.string)
            let encoded = try #require(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let second = try await harness.request(
                .get, "/api/v1/conversations?q=refill&limit=2&cursor=\(encoded)", token: org.adminToken
            )
            #expect(second.json["items"]?.array.compactMap { $0["id"]?.int } == [ids[0]])
            let theirs = try await harness.request(.get, "/api/v1/conversations?q=refill", token: other.adminToken)
            #expect(theirs.json["items"]?.array.count == 1)
            #expect(theirs.json["items"]?[0]?["id"]?.int.map { ids.contains($0) } == false)
        }
    }

    @Test("the trigram indexes answer ILIKE on message content, contact names and subjects")
    func indexesServeTheSearch() async throws {
        try await Harness.run { harness in
            // With sequential and plain index scans priced out, only a bitmap scan of an index that answers the
            // ILIKE itself is left; without one the plan is still a sequential scan.
            let plans = try await harness.store.client.withConnection { connection in
                try await connection.query("SET enable_seqscan = off", logger: TestDatabases.logger)
                try await connection.query("SET enable_indexscan = off", logger: TestDatabases.logger)
                var plans: [String] = []
                for sql in [
                    "EXPLAIN SELECT conversation_id FROM messages WHERE content ILIKE '%water%'",
                    "EXPLAIN SELECT id FROM contacts WHERE name ILIKE '%melnyk%'",
                    "EXPLAIN SELECT id FROM conversations WHERE subject ILIKE '%lease%'",
                ] {
                    var lines: [String] = []
                    for try await line in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabases.logger)
                        .decode(String.self)
                    {
                        lines.append(line)
                    }
                    plans.append(lines.joined(separator: "\n"))
                }
                return plans
            }
            #expect(plans[0].contains("messages_content_trgm_idx"), "\(plans[0])")
            #expect(plans[1].contains("contacts_name_trgm_idx"), "\(plans[1])")
            #expect(plans[2].contains("conversations_subject_trgm_idx"), "\(plans[2])")
        }
    }
}
