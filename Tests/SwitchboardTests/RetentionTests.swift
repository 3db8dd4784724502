import Foundation
import HTTPTypes
import SwitchboardCore
import SwitchboardStore
import Testing

/// Retention anonymizes old resolved conversations in batches (legal-hold excepted), deletes old files and
/// audit rows, audits each round, and leaves every report figure as it was.
@Suite struct RetentionTests {
    @Test func theSettingIsValidatedAndShown() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let set = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken,
                json: #"{"retention": {"conversations_days": 365, "attachments_days": 90, "audit_days": null}}"#
            )
            #expect(set.status == .ok)
            #expect(set.json["retention"]?["conversations_days"]?.int == 365)
            #expect(set.json["retention"]?["audit_days"] == .null)
            for (body, field) in [
                (#"{"retention": {"conversations_days": 0}}"#, "retention.conversations_days"),
                (#"{"retention": {"audit_days": 40000}}"#, "retention.audit_days"),
                (#"{"retention": {"attachments_days": "soon"}}"#, "attachments_days"),
            ] {
                let bad = try await harness.request(.patch, "/api/v1/account", token: org.adminToken, json: body)
                #expect(bad.status.code / 100 == 4 && bad.text.contains(field), "\(body): \(bad.text)")
            }
            let agent = try await org.agent()
            let refused = try await harness.request(
                .patch, "/api/v1/account", token: agent.token, json: #"{"retention": {"conversations_days": 1}}"#
            )
            #expect(refused.status == .forbidden)
            let cleared = try await harness.request(.patch, "/api/v1/account", token: org.adminToken, json: #"{"retention": null}"#)
            #expect(cleared.json["retention"]?["conversations_days"] == .null, "null keeps everything forever")
            #expect(try await harness.request(.get, "/api/v1/account", token: org.adminToken).json["retention"]?["attachments_days"] == .null)
        }
    }

    @Test func aRoundWithAControlledClockKeepsTheReports() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let ids = try await ReportTests.history(harness, org)
            try await ReportTests.execute(
                harness,
                """
                UPDATE conversations SET labels = labels || '{legal-hold}' WHERE id = \(ids[1]);
                INSERT INTO attachments (account_id, message_id, name, content_type, size, data, created_at)
                SELECT account_id, id, 'old.pdf', 'application/pdf', 3, '\\x010203', '2026-01-01 00:00:00+00' FROM messages
                WHERE conversation_id = \(ids[3]) AND direction = 'in';
                INSERT INTO audit_events (account_id, action, subject_type, created_at)
                VALUES (\(org.id), 'conversation.updated', 'conversation', '2010-01-01 00:00:00+00')
                """
            )
            let set = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken,
                json: #"{"retention": {"conversations_days": 5, "attachments_days": 30, "audit_days": 3650}}"#
            )
            #expect(set.status == .ok)
            let before = try await ErasureTests.figures(org)

            // 2026-03-10: A (resolved 03-02) and C (03-04) are older than five days; B too, but it is on legal hold;
            // D (03-05 13:30) and E (03-06) are younger.
            let now = try #require(ISO8601DateFormatter().date(from: "2026-03-10T00:00:00Z"))
            let runs = try await harness.store.applyRetention(now: now, batchSize: 1)
            let run = try #require(runs.first { $0.accountID == org.id })
            #expect(run.conversations == 2 && run.contacts == 2)
            #expect(run.attachments == 1 && run.auditEvents == 1)
            #expect(runs.count == 1, "the other account has no retention")

            let erased = "SELECT count(*)::int FROM messages WHERE conversation_id = %d AND content <> '[erased]'"
            #expect(try await harness.count(String(format: erased, ids[0])) == 0)
            #expect(try await harness.count(String(format: erased, ids[2])) == 0)
            #expect(try await harness.count(String(format: erased, ids[1])) > 0, "legal hold")
            #expect(try await harness.count(String(format: erased, ids[3])) > 0, "younger")
            let anonymous = "SELECT count(*)::int FROM contacts WHERE erased_at IS NOT NULL AND name LIKE 'Anonymous #%'"
            #expect(try await harness.count(anonymous) == 2, "A's and C's contacts have nothing younger")
            #expect(try await ErasureTests.figures(org) == before, "reports are the same")
            #expect(
                try await harness.count(
                    """
                    SELECT count(*)::int FROM audit_events WHERE action = 'retention.applied' AND account_id = \(org.id)
                      AND (data->>'conversations')::int = 2 AND (data->>'attachments')::int = 1
                    """
                ) == 1
            )

            let again = try await harness.store.applyRetention(now: now, batchSize: 500)
            #expect(again.first { $0.accountID == org.id }?.conversations == 0, "nothing twice")
        }
    }
}
