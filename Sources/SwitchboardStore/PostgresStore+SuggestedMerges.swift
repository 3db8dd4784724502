import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore {
    /// The account's other contacts whose phone has the contact's key (`SuggestedMerge.phoneKey`), through
    /// the expression index of sql/0122; at most 10, oldest first.
    public func suggestedMerges(contactID: Int64, accountID: Int64) async throws -> [SuggestedMerge] {
        try await run { [client, logger] in
            var list: [SuggestedMerge] = []
            for try await (id, name, phone) in try await client.query(
                """
                SELECT o.id, o.name, o.phone FROM contacts me JOIN contacts o
                  ON o.account_id = me.account_id AND o.id <> me.id AND o.phone IS NOT NULL AND o.merged_into IS NULL
                 AND right(regexp_replace(o.phone, '[^0-9]', '', 'g'), 9) = right(regexp_replace(me.phone, '[^0-9]', '', 'g'), 9)
                WHERE me.id = \(contactID) AND me.account_id = \(accountID)
                  AND length(regexp_replace(me.phone, '[^0-9]', '', 'g')) >= 9
                  AND length(regexp_replace(o.phone, '[^0-9]', '', 'g')) >= 9
                ORDER BY o.id LIMIT 10
                """,
                logger: logger
            ).decode((Int64, String, String?).self) {
                list.append(SuggestedMerge(contactID: id, name: name, phone: phone, reason: .samePhone))
            }
            return list
        }
    }
}
