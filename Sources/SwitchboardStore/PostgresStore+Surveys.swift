import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: SurveyStore {
    public func survey(conversationID: Int64) async throws -> (key: String, state: SurveyState)? {
        try await run { [client, logger] in
            for try await (key, rating, awaiting) in try await client.query(
                """
                SELECT i.uid, c.csat_rating::int, \(unescaped: Self.surveyAwaits)
                FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.id = \(conversationID)
                """,
                logger: logger
            ).decode((String, Int?, Bool).self) {
                return (key, Self.surveyState(rating: rating, awaiting: awaiting))
            }
            return nil
        }
    }

    public func recordRating(conversationID: Int64, _ reply: SatisfactionReply) async throws -> SurveyState {
        // One conditional update: of two clicks at once only one rates, and the first rating stands.
        let recorded = try await exists(
            """
            UPDATE conversations c SET csat_rating = \(reply.rating), csat_comment = \(reply.comment),
                csat_rated_at = now(), updated_at = now()
            FROM inboxes i
            WHERE c.id = \(conversationID) AND i.id = c.inbox_id AND \(unescaped: Self.surveyAwaits)
            RETURNING c.id
            """
        )
        if recorded { return .rated(reply.rating) }
        let state = try await survey(conversationID: conversationID)?.state ?? .closed
        return state == .awaiting ? .closed : state
    }

    /// Whether conversation `c` of inbox `i` waits for a rating: resolved, unrated, its survey sent within the window.
    static let surveyAwaits = """
        (c.status = 'resolved' AND c.csat_rating IS NULL AND EXISTS (
            SELECT 1 FROM automation_jobs j WHERE j.conversation_id = c.id AND j.kind = 'csat' AND j.status = 'done'
              AND j.finished_at > now() - make_interval(hours => i.csat_window_hours)))
        """

    static func surveyState(rating: Int?, awaiting: Bool) -> SurveyState {
        if let rating { return .rated(rating) }
        return awaiting ? .awaiting : .closed
    }
}
