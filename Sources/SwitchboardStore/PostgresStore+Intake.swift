import Foundation
import PostgresNIO
import SwitchboardCore

/// The intake's steps inside an ingest (or reminder) transaction: see `IntakeTransaction`.
extension PostgresIngestTransaction {
    func contactProfile(id: Int64) async throws -> (language: String?, attributes: [String: JSONValue]) {
        for try await (language, attributes) in try await connection.query(
            "SELECT language, attributes::text FROM contacts WHERE id = \(id)", logger: logger
        ).decode((String?, String).self) {
            return (language, PostgresStore.decodeJSON(attributes))
        }
        return (nil, [:])
    }

    func intakeProgress(conversationID: Int64) async throws -> IntakeProgress? {
        for try await text in try await connection.query(
            "SELECT intake::text FROM conversations WHERE id = \(conversationID)", logger: logger
        ).decode(String?.self) {
            return IntakeProgress.stored(PostgresStore.decodeJSONValue(text))
        }
        return nil
    }

    func openIntakeConversation(
        inbox: Inbox, contactID: Int64, subject: String?, threadKey: String?, intake: IntakeProgress
    ) async throws -> Int64 {
        let status = intake.state == .running ? ConversationStatus.pending : .open
        for try await id in try await connection.query(
            """
            INSERT INTO conversations (account_id, inbox_id, contact_id, team_id, subject, thread_key, status, intake)
            VALUES (\(inbox.accountID), \(inbox.id), \(contactID), \(inbox.teamID), \(subject), \(threadKey),
                    \(status.rawValue), \(PostgresStore.encodeJSONValue(intake.json))::jsonb)
            RETURNING id
            """,
            logger: logger
        ).decode(Int64.self) {
            return id
        }
        throw SwitchboardError.storeUnavailable
    }

    func saveIntake(conversationID: Int64, _ progress: IntakeProgress) async throws {
        let ended = progress.state != .running
        try await connection.query(
            """
            UPDATE conversations SET intake = \(PostgresStore.encodeJSONValue(progress.json))::jsonb,
                status = CASE WHEN \(ended) AND status = 'pending' THEN 'open' ELSE status END,
                waiting_since = CASE WHEN \(ended) AND intake ->> 'state' = 'running' THEN now() ELSE waiting_since END,
                updated_at = now()
            WHERE id = \(conversationID)
            """,
            logger: logger
        )
    }

    func mergeContactAttributes(contactID: Int64, _ attributes: [String: JSONValue]) async throws {
        try await connection.query(
            """
            UPDATE contacts SET attributes = attributes || \(PostgresStore.encodeJSON(attributes))::jsonb, updated_at = now()
            WHERE id = \(contactID)
            """,
            logger: logger
        )
    }

    func writeIntakeMessage(inbox: Inbox, conversationID: Int64, _ message: IntakeMessage, isPrivate: Bool) async throws {
        var messageID: Int64?
        for try await id in try await connection.query(
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, private,
                                  delivery_status, choices)
            VALUES (\(inbox.accountID), \(conversationID), \(inbox.id), 'out', 'automation', \(message.content),
                    \(isPrivate), \(isPrivate ? nil : "queued"), \(message.choices.isEmpty ? nil : message.choices))
            RETURNING id
            """,
            logger: logger
        ).decode(Int64.self) {
            messageID = id
        }
        guard let messageID else { throw SwitchboardError.storeUnavailable }
        guard !isPrivate else { return }
        // Like every automated message: delivered through the outbox, never a human first response.
        try await connection.query(
            "INSERT INTO outbox (account_id, message_id, inbox_id) VALUES (\(inbox.accountID), \(messageID), \(inbox.id))",
            logger: logger
        )
        try await connection.query(
            "UPDATE conversations SET last_message_id = \(messageID), updated_at = now() WHERE id = \(conversationID)",
            logger: logger
        )
    }

    func scheduleIntakeReminder(conversationID: Int64, inbox: Inbox, due: Date?) async throws {
        try await connection.query(
            """
            UPDATE automation_jobs SET status = 'cancelled', last_error = 'the intake moved on', finished_at = now()
            WHERE conversation_id = \(conversationID) AND status = 'pending' AND kind = 'intake_reminder'
            """,
            logger: logger
        )
        guard let due else { return }
        try await connection.query(
            """
            INSERT INTO automation_jobs (account_id, conversation_id, kind, due_at)
            VALUES (\(inbox.accountID), \(conversationID), 'intake_reminder', \(due))
            """,
            logger: logger
        )
    }

    func takeIntakeReminder(jobID: Int64) async throws -> (conversationID: Int64, contactID: Int64, inbox: Inbox)? {
        // The conversation first, as an ingest locks it, then the job: the two never wait on each other in a circle.
        var found: (Int64, Int64, Int64)?
        for try await row in try await connection.query(
            """
            SELECT c.id, c.contact_id, c.inbox_id FROM automation_jobs j JOIN conversations c ON c.id = j.conversation_id
            WHERE j.id = \(jobID) FOR UPDATE OF c
            """,
            logger: logger
        ).decode((Int64, Int64, Int64).self) {
            found = row
        }
        guard let (conversationID, contactID, inboxID) = found else { return nil }
        var taken = false
        for try await _ in try await connection.query(
            """
            UPDATE automation_jobs SET status = 'done', finished_at = now()
            WHERE id = \(jobID) AND status = 'pending' RETURNING id
            """,
            logger: logger
        ) {
            taken = true
        }
        guard taken,
            let inbox = try await PostgresStore.inboxes(
                try await connection.query(
                    "SELECT \(unescaped: PostgresStore.inboxColumns) FROM inboxes i WHERE i.id = \(inboxID)", logger: logger
                ),
                secrets: secrets
            ).first
        else { return nil }
        return (conversationID, contactID, inbox)
    }
}

extension PostgresStore {
    static func encodeJSONValue(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    static func decodeJSONValue(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
