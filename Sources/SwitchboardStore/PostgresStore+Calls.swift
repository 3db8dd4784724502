import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresIngestTransaction: CallTransaction {
    func lockCall(inboxID: Int64, callID: String) async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(String(inboxID) + ":" + callID), 16))", logger: logger
        )
    }

    func callAnswer(inboxID: Int64, callID: String, event: CallEvent.Kind) async throws -> CallOutcome? {
        let rows = try await connection.query(
            "SELECT answer::text FROM call_events WHERE inbox_id = \(inboxID) AND call_id = \(callID) AND event = \(event.rawValue)",
            logger: logger
        )
        for try await answer in rows.decode(String.self) {
            return try JSONDecoder().decode(CallOutcome.self, from: Data(answer.utf8))
        }
        return nil
    }

    func storedCall(inboxID: Int64, callID: String) async throws -> StoredCall? {
        let rows = try await connection.query(
            """
            SELECT direction, status, answered_at, agent_email, recording_url FROM calls
            WHERE inbox_id = \(inboxID) AND call_id = \(callID)
            """,
            logger: logger
        )
        for try await (direction, status, answeredAt, agent, recording) in rows.decode((String, String, Date?, String?, String?).self) {
            return StoredCall(
                direction: CallEvent.Direction(rawValue: direction) ?? .incoming, status: CallStatus(rawValue: status) ?? .ringing,
                answeredAt: answeredAt, agentEmail: agent, recordingURL: recording
            )
        }
        return nil
    }

    func saveCall(inbox: Inbox, event: CallEvent, status: CallStatus, outcome: CallOutcome) async throws {
        let ringingAt: Date? = event.kind == .ringing ? event.at : nil
        let answeredAt: Date? = event.kind == .answered ? event.at : nil
        let endedAt: Date? = event.kind == .hangup ? event.at : nil
        try await connection.query(
            """
            INSERT INTO calls (account_id, inbox_id, call_id, direction, from_number, to_number, status, agent_email,
                               cause, duration_seconds, recording_url, ringing_at, answered_at, ended_at, contact_id,
                               conversation_id, message_id)
            VALUES (\(inbox.accountID), \(inbox.id), \(event.callID), \(event.direction.rawValue), \(event.from), \(event.to),
                    \(status.rawValue), \(event.agentEmail), \(event.cause), \(event.durationSeconds), \(event.recordingURL),
                    \(ringingAt), \(answeredAt), \(endedAt), \(outcome.contactID), \(outcome.conversationID), \(outcome.messageID))
            ON CONFLICT (inbox_id, call_id, account_id) DO UPDATE SET
                status = EXCLUDED.status,
                agent_email = coalesce(EXCLUDED.agent_email, calls.agent_email),
                cause = coalesce(EXCLUDED.cause, calls.cause),
                duration_seconds = coalesce(EXCLUDED.duration_seconds, calls.duration_seconds),
                recording_url = coalesce(EXCLUDED.recording_url, calls.recording_url),
                ringing_at = coalesce(calls.ringing_at, EXCLUDED.ringing_at),
                answered_at = coalesce(calls.answered_at, EXCLUDED.answered_at),
                ended_at = coalesce(calls.ended_at, EXCLUDED.ended_at),
                contact_id = coalesce(EXCLUDED.contact_id, calls.contact_id),
                conversation_id = coalesce(EXCLUDED.conversation_id, calls.conversation_id),
                message_id = coalesce(EXCLUDED.message_id, calls.message_id),
                updated_at = now()
            """,
            logger: logger
        )
    }

    func saveCallAnswer(inbox: Inbox, event: CallEvent, outcome: CallOutcome) async throws {
        let answer = String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO call_events (account_id, inbox_id, call_id, event, answer, raw_payload)
            VALUES (\(inbox.accountID), \(inbox.id), \(event.callID), \(event.kind.rawValue), \(answer)::jsonb, \(event.rawPayload))
            """,
            logger: logger
        )
    }

    func contact(accountID: Int64, phone: String) async throws -> Int64? {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        let rows = try await connection.query(
            """
            SELECT id FROM contacts
            WHERE account_id = \(accountID) AND merged_into IS NULL AND phone IS NOT NULL
              AND regexp_replace(phone, '[^0-9]', '', 'g') = \(digits)
            ORDER BY id LIMIT 1
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    func openResolvedConversation(inbox: Inbox, contactID: Int64) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO conversations (account_id, inbox_id, contact_id, team_id, status, resolved_at)
            VALUES (\(inbox.accountID), \(inbox.id), \(contactID), \(inbox.teamID), 'resolved', now())
            RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw SwitchboardError.storeUnavailable
    }

    func insertCallMessage(
        inbox: Inbox, conversationID: Int64, contactID: Int64, outgoing: Bool, agentEmail: String?, content: String,
        call: [String: JSONValue], externalID: String, rawPayload: String, at: Date
    ) async throws -> Int64 {
        var agentID: Int64?
        if outgoing, let agentEmail {
            let rows = try await connection.query(
                "SELECT id FROM agents WHERE account_id = \(inbox.accountID) AND lower(email) = lower(\(agentEmail)) LIMIT 1",
                logger: logger
            )
            for try await id in rows.decode(Int64.self) { agentID = id }
        }
        let senderType = outgoing ? (agentID == nil ? "automation" : "agent") : "contact"
        let senderID = outgoing ? agentID : contactID
        let rows = try await connection.query(
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, sender_id, content,
                                  external_id, raw_payload, sent_at, call)
            VALUES (\(inbox.accountID), \(conversationID), \(inbox.id), \(outgoing ? "out" : "in"), \(senderType), \(senderID),
                    \(content), \(externalID), \(rawPayload), \(at), \(PostgresStore.encodeJSON(call))::jsonb)
            RETURNING id
            """,
            logger: logger
        )
        var messageID: Int64?
        for try await id in rows.decode(Int64.self) { messageID = id }
        guard let messageID else { throw SwitchboardError.storeUnavailable }
        try await connection.query(
            "UPDATE conversations SET last_message_id = \(messageID), updated_at = now() WHERE id = \(conversationID)",
            logger: logger
        )
        return messageID
    }
}
