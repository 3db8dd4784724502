import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: CategoryStore {
    /// A category's path, from `categories k LEFT JOIN categories kp ON kp.id = k.parent_id`. Names hold
    /// no "/", so the path names one category; compare `lower(path)` to find it whatever its case.
    static let categoryPath = "coalesce(kp.name || '/', '') || k.name"
    static let categoryFrom = "categories k LEFT JOIN categories kp ON kp.id = k.parent_id"
    static let categoryColumns = "k.id, k.account_id, k.parent_id, k.name, \(categoryPath), k.created_at, k.updated_at"

    static func categories(_ rows: PostgresRowSequence) async throws -> [ConversationCategory] {
        var list: [ConversationCategory] = []
        for try await row in rows.decode((Int64, Int64, Int64?, String, String, Date, Date).self) {
            list.append(
                ConversationCategory(
                    id: row.0, accountID: row.1, parentID: row.2, name: row.3, path: row.4, createdAt: row.5, updatedAt: row.6
                )
            )
        }
        return list
    }

    public func categories(accountID: Int64) async throws -> [ConversationCategory] {
        try await run { [client, logger] in
            try await Self.categories(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.categoryColumns) FROM \(unescaped: Self.categoryFrom)
                    WHERE k.account_id = \(accountID)
                    ORDER BY lower(coalesce(kp.name, k.name)), coalesce(kp.id, k.id), k.parent_id NULLS FIRST, lower(k.name)
                    """,
                    logger: logger
                )
            )
        }
    }

    public func category(id: Int64, accountID: Int64) async throws -> ConversationCategory? {
        try await run { [client, logger] in
            try await Self.categories(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.categoryColumns) FROM \(unescaped: Self.categoryFrom)
                    WHERE k.id = \(id) AND k.account_id = \(accountID)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func category(path: String, accountID: Int64) async throws -> ConversationCategory? {
        guard let query = Self.categoryQuery(path: path, accountID: accountID) else { return nil }
        return try await run { [client, logger] in
            try await Self.categories(try await client.query(query, logger: logger)).first
        }
    }

    /// The category at `path` (any case) in the account's list; nil when the path cannot name one.
    static func categoryQuery(path: String, accountID: Int64) -> PostgresQuery? {
        guard let normalized = CategoryPath.normalized(path) else { return nil }
        return """
            SELECT \(unescaped: categoryColumns) FROM \(unescaped: categoryFrom)
            WHERE k.account_id = \(accountID) AND lower(\(unescaped: categoryPath)) = lower(\(normalized))
            """
    }

    public func createCategory(accountID: Int64, _ new: NewCategory) async throws -> [ConversationCategory] {
        try await transaction { [logger] connection in
            if let parentID = new.parentID {
                var parentIsTopLevel: Bool?
                for try await topLevel in try await connection.query(
                    "SELECT parent_id IS NULL FROM categories WHERE id = \(parentID) AND account_id = \(accountID) FOR SHARE",
                    logger: logger
                ).decode(Bool.self) {
                    parentIsTopLevel = topLevel
                }
                switch parentIsTopLevel {
                case nil: throw SwitchboardError.badReference(.parentCategory, "category \(parentID) does not exist")
                case false?: throw SwitchboardError.badReference(.parentCategory, "must be a top-level category: sub-categories have none of their own")
                case true?: break
                }
            }
            var created: [ConversationCategory] = []
            var parent = new.parentID
            for (index, name) in ([new.name] + new.subcategories).enumerated() {
                let rows = try await connection.query(
                    """
                    WITH k AS (
                        INSERT INTO categories (account_id, parent_id, name) VALUES (\(accountID), \(parent), \(name))
                        RETURNING *
                    )
                    SELECT \(unescaped: Self.categoryColumns) FROM k LEFT JOIN categories kp ON kp.id = k.parent_id
                    """,
                    logger: logger
                )
                guard let category = try await Self.categories(rows).first else { throw SwitchboardError.storeUnavailable }
                created.append(category)
                if index == 0 { parent = category.id }
            }
            return created
        }
    }

    /// Locks the account's category for the rest of the transaction and returns its path; nil when there is none.
    static func lockCategory(id: Int64, accountID: Int64, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        var found: String?
        for try await path in try await connection.query(
            """
            SELECT \(unescaped: categoryPath) FROM \(unescaped: categoryFrom)
            WHERE k.id = \(id) AND k.account_id = \(accountID) FOR UPDATE OF k
            """,
            logger: logger
        ).decode(String.self) {
            found = path
        }
        return found
    }

    public func renameCategory(id: Int64, accountID: Int64, name: String) async throws -> ConversationCategory? {
        try await transaction { [logger] connection in
            guard let old = try await Self.lockCategory(id: id, accountID: accountID, on: connection, logger: logger) else {
                return nil
            }
            let renamed = try await Self.categories(
                try await connection.query(
                    """
                    WITH k AS (UPDATE categories SET name = \(name), updated_at = now() WHERE id = \(id) RETURNING *)
                    SELECT \(unescaped: Self.categoryColumns) FROM k LEFT JOIN categories kp ON kp.id = k.parent_id
                    """,
                    logger: logger
                )
            ).first
            guard let renamed else { return nil }
            // What named the old path (or a sub-category under it, "old/…") names the new one.
            let new = renamed.path
            try await connection.query(
                """
                UPDATE conversations SET category = \(new) || substr(category, length(\(old)) + 1)
                WHERE account_id = \(accountID) AND (lower(category) = lower(\(old))
                    OR left(lower(category), length(\(old)) + 1) = lower(\(old)) || '/')
                """,
                logger: logger
            )
            try await connection.query(
                """
                UPDATE rules r SET updated_at = now(), definition = jsonb_set(r.definition, '{actions}', (
                    SELECT jsonb_agg(CASE
                        WHEN x.a->>'type' = 'set_category' AND (lower(x.a->>'category') = lower(\(old))
                            OR left(lower(x.a->>'category'), length(\(old)) + 1) = lower(\(old)) || '/')
                        THEN jsonb_set(x.a, '{category}', to_jsonb(\(new) || substr(x.a->>'category', length(\(old)) + 1)))
                        ELSE x.a END ORDER BY x.n)
                    FROM jsonb_array_elements(r.definition->'actions') WITH ORDINALITY AS x(a, n)))
                WHERE r.account_id = \(accountID) AND EXISTS (
                    SELECT 1 FROM jsonb_array_elements(r.definition->'actions') a
                    WHERE a->>'type' = 'set_category' AND (lower(a->>'category') = lower(\(old))
                        OR left(lower(a->>'category'), length(\(old)) + 1) = lower(\(old)) || '/'))
                """,
                logger: logger
            )
            return renamed
        }
    }

    public func deleteCategory(id: Int64, accountID: Int64) async throws -> Bool {
        try await transaction { [logger] connection in
            guard let path = try await Self.lockCategory(id: id, accountID: accountID, on: connection, logger: logger) else {
                return false
            }
            var users: [String] = []
            for try await (ruleID, name) in try await connection.query(
                """
                SELECT DISTINCT r.id, r.name FROM rules r, jsonb_array_elements(r.definition->'actions') a
                WHERE r.account_id = \(accountID) AND a->>'type' = 'set_category'
                  AND (lower(a->>'category') = lower(\(path))
                       OR left(lower(a->>'category'), length(\(path)) + 1) = lower(\(path)) || '/')
                ORDER BY r.id
                """,
                logger: logger
            ).decode((Int64, String).self) {
                users.append("\(ruleID) (\(name))")
            }
            if !users.isEmpty {
                throw SwitchboardError.conflict(
                    "\(path) is set by rule \(users.joined(separator: ", ")); change or delete the rule first"
                )
            }
            try await connection.query("DELETE FROM categories WHERE id = \(id)", logger: logger)
            return true
        }
    }
}

extension PostgresIngestTransaction {
    /// Sets the conversation's category to the one the path names; false when the list has no such entry.
    func setCategory(_ path: String, conversationID: Int64, accountID: Int64) async throws -> Bool {
        var applied = false
        for try await _ in try await connection.query(
            """
            UPDATE conversations c SET category = found.path, updated_at = now()
            FROM (SELECT \(unescaped: PostgresStore.categoryPath) AS path FROM \(unescaped: PostgresStore.categoryFrom)
                  WHERE k.account_id = \(accountID) AND lower(\(unescaped: PostgresStore.categoryPath)) = lower(\(path))) found
            WHERE c.id = \(conversationID)
            RETURNING c.id
            """,
            logger: logger
        ) {
            applied = true
        }
        return applied
    }
}
