import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// First response counts from when the people get the conversation: a conversation that spent ten minutes
/// with the intake questionnaire or an external bot starts its clock at the hand-over, not at the contact's
/// first message to the bot.
@Suite("First response after the intake")
struct IntakeFirstResponseTests {
    /// Moves a conversation's start and its messages so far `minutes` into the past, as if the contact had
    /// written then (the bot's questions and the answers with it).
    static func began(_ harness: Harness, _ conversation: Int64, minutesAgo minutes: Int) async throws {
        try await ReportTests.execute(
            harness,
            """
            UPDATE conversations SET created_at = created_at - interval '\(minutes) minutes' WHERE id = \(conversation);
            UPDATE messages SET created_at = created_at - interval '\(minutes) minutes' WHERE conversation_id = \(conversation);
            """
        )
    }

    static func firstResponse(_ org: TestAccount, inbox: Int64) async throws -> JSONValue? {
        let day = { (offset: Double) in String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset * 86_400)).prefix(10)) }
        let reply = try await ReportTests.get(org, "/api/v1/reports/summary?from=\(day(-1))&to=\(day(1))&inbox_id=\(inbox)")
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json["first_response_seconds"]
    }

    @Test("ten minutes in the questionnaire or with a bot do not count; without either they do")
    func clockStartsAtTheHandOver() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            // The questionnaire: the contact wrote ten minutes ago, answered three questions, and an agent
            // answered right after the hand-over.
            let intakeInbox = try await IntakeTests.apiInbox(org, intake: IntakeTests.helpLine)
            let started = try await org.post(inbox: intakeInbox, externalID: "i1", sender: "asked", content: "Hello")
            let asked = try #require(started.json["conversation_id"]?.int)
            try await Self.began(harness, asked, minutesAgo: 10)
            for (n, answer) in ["30", "Work", "yes"].enumerated() {
                try await org.post(inbox: intakeInbox, externalID: "i\(n + 2)", sender: "asked", content: answer)
            }
            #expect(try await IntakeTests.conversation(org, asked)["status"]?.string == "open")
            _ = try await ReportTests.reply(org, asked)

            // An external bot that held the conversation ten minutes, then handed it over with PATCH status: open.
            let endpoint = try await BotHandoffTests.endpoint(org, url: "https://bot.example.org/hook")
            let botInbox = try await BotHandoffTests.botInbox(org, endpoint: endpoint)
            let botStarted = try await org.post(inbox: botInbox, externalID: "b1", sender: "botted", content: "Hello")
            let botted = try #require(botStarted.json["conversation_id"]?.int)
            try await Self.began(harness, botted, minutesAgo: 10)
            let handOver = try await harness.request(
                .patch, "/api/v1/conversations/\(botted)", token: org.adminToken, json: #"{"status": "open"}"#
            )
            #expect(handOver.status == .ok, "\(handOver.text)")
            _ = try await ReportTests.reply(org, botted)

            // The same ten minutes with nobody but people: they count.
            let plainInbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let plainStarted = try await org.post(inbox: plainInbox, externalID: "p1", sender: "plain", content: "Hello")
            let plain = try #require(plainStarted.json["conversation_id"]?.int)
            try await Self.began(harness, plain, minutesAgo: 10)
            _ = try await ReportTests.reply(org, plain)

            for (inbox, name) in [(intakeInbox, "questionnaire"), (botInbox, "bot")] {
                let figures = try await Self.firstResponse(org, inbox: inbox)
                #expect(figures?["count"]?.int == 1, "\(name)")
                let median = try #require(figures?["median"]?.double, "\(name)")
                #expect(median < 60, "\(name): the clock started at the hand-over, not ten minutes before (\(median) s)")
            }
            let plainFigures = try await Self.firstResponse(org, inbox: plainInbox)
            #expect((plainFigures?["median"]?.double ?? 0) >= 600, "without a bot the ten minutes are the contact's wait")
            #expect(
                try await harness.count("SELECT count(*)::int FROM conversations WHERE handed_over_at IS NOT NULL") == 2,
                "each hand-over is stamped once, and only there"
            )
        }
    }
}
