import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresIngestTransaction: CallTransaction {
    func lockCall(inboxID: Int64, callID: String) async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(String(inboxID) + ":" + callID), 16))", logger: logger
        )
    }

    func callEventTaken(inboxID: Int64, callID: String, event: CallEvent.Kind) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT 1 FROM call_events WHERE inbox_id = \(inboxID) AND call_id = \(callID) AND event = \(event.rawValue)
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    func callRecord(inboxID: Int64, callID: String) async throws -> CallRecord? {
        let rows = try await connection.query(
            """
            SELECT direction, from_number, to_number, ringing_at, answered_at, ended_at, agent_email, cause,
                   duration_seconds, recording_url, contact_id, conversation_id, message_id
            FROM calls WHERE inbox_id = \(inboxID) AND call_id = \(callID)
            """,
            logger: logger
        )
        for try await row in rows.decode(
            (String, String, String, Date?, Date?, Date?, String?, String?, Int?, String?, Int64?, Int64?, Int64?).self
        ) {
            return CallRecord(
                callID: callID, direction: CallEvent.Direction(rawValue: row.0) ?? .incoming, from: row.1, to: row.2,
                ringingAt: row.3, answeredAt: row.4, endedAt: row.5, agentEmail: row.6, cause: row.7, durationSeconds: row.8,
                recordingURL: row.9, contactID: row.10, conversationID: row.11, messageID: row.12
            )
        }
        return nil
    }

    func saveCall(inbox: Inbox, _ call: CallRecord) async throws {
        try await connection.query(
            """
            INSERT INTO calls (account_id, inbox_id, call_id, direction, from_number, to_number, status, agent_email,
                               cause, duration_seconds, recording_url, ringing_at, answered_at, ended_at, contact_id,
                               conversation_id, message_id)
            VALUES (\(inbox.accountID), \(inbox.id), \(call.callID), \(call.direction.rawValue), \(call.from), \(call.to),
                    \(call.status.rawValue), \(call.agentEmail), \(call.cause), \(call.durationSeconds), \(call.recordingURL),
                    \(call.ringingAt), \(call.answeredAt), \(call.endedAt), \(call.contactID), \(call.conversationID),
                    \(call.messageID))
            ON CONFLICT (inbox_id, call_id, account_id) DO UPDATE SET
                status = EXCLUDED.status, agent_email = EXCLUDED.agent_email, cause = EXCLUDED.cause,
                duration_seconds = EXCLUDED.duration_seconds, recording_url = EXCLUDED.recording_url,
                ringing_at = EXCLUDED.ringing_at, answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
                contact_id = EXCLUDED.contact_id, conversation_id = EXCLUDED.conversation_id,
                message_id = EXCLUDED.message_id, updated_at = now()
            """,
            logger: logger
        )
    }

    func saveCallEvent(inbox: Inbox, event: CallEvent, outcome: CallOutcome) async throws {
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

/// Correcting a missed call that was answered after all (its `answered` came after the `hangup`).
extension PostgresIngestTransaction {
    func rewriteCallMessage(messageID: Int64, content: String, call: [String: JSONValue]) async throws {
        try await connection.query(
            """
            UPDATE messages SET content = \(content), call = \(PostgresStore.encodeJSON(call))::jsonb WHERE id = \(messageID)
            """,
            logger: logger
        )
    }

    func conversationHasMore(conversationID: Int64, than messageID: Int64) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT 1 FROM messages WHERE conversation_id = \(conversationID) AND id <> \(messageID)
              AND sender_type NOT IN ('automation', 'bot') AND (call IS NULL OR call ->> 'status' <> 'answered') LIMIT 1
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    func resolveCallConversation(conversationID: Int64) async throws {
        try await connection.query(
            """
            UPDATE conversations SET status = 'resolved', resolved_at = now(), snoozed_until = NULL, waiting_since = NULL,
                updated_at = now()
            WHERE id = \(conversationID) AND status <> 'resolved'
            """,
            logger: logger
        )
    }

    func stopWaiting(conversationID: Int64, for messageID: Int64) async throws {
        try await connection.query(
            """
            UPDATE conversations c SET waiting_since = NULL
            WHERE c.id = \(conversationID) AND c.waiting_since IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM messages m
                WHERE m.conversation_id = c.id AND m.id <> \(messageID) AND m.direction = 'in' AND NOT m.private
                  AND (m.call IS NULL OR m.call ->> 'status' = 'missed')
                  AND m.id > coalesce((
                      SELECT max(r.id) FROM messages r WHERE r.conversation_id = c.id AND r.sender_type = 'agent'
                        AND r.direction = 'out' AND NOT r.private), 0))
            """,
            logger: logger
        )
    }
}
