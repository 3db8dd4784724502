import Foundation
import Logging
import NIOCore
import PostgresNIO
import SwitchboardCore

extension PostgresStore {
    public func addTemplateAttachment(templateID: Int64, accountID: Int64, _ file: OutboundAttachment) async throws -> AttachmentInfo? {
        try await run { [client, logger] in
            for try await (id, name, contentType, size) in try await client.query(
                """
                INSERT INTO template_attachments (account_id, template_id, name, content_type, size, data)
                SELECT account_id, id, \(file.name), \(file.contentType), \(file.data.count), \(ByteBuffer(bytes: file.data))
                FROM templates WHERE id = \(templateID) AND account_id = \(accountID)
                RETURNING id, name, content_type, size
                """,
                logger: logger
            ).decode((Int64, String, String, Int).self) {
                return AttachmentInfo(id: id, name: name, contentType: contentType, size: size)
            }
            return nil
        }
    }

    public func deleteTemplateAttachment(id: Int64, templateID: Int64, accountID: Int64) async throws -> Bool {
        try await exists(
            """
            DELETE FROM template_attachments
            WHERE id = \(id) AND template_id = \(templateID) AND account_id = \(accountID)
            RETURNING id
            """
        )
    }

    /// Copies the template's files onto a message being written from it, in the writing transaction.
    static func attachTemplateFiles(
        templateID: Int64?, messageID: Int64, accountID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let templateID else { return }
        try await connection.query(
            """
            INSERT INTO attachments (account_id, message_id, name, content_type, size, data)
            SELECT account_id, \(messageID), name, content_type, size, data FROM template_attachments
            WHERE template_id = \(templateID) AND account_id = \(accountID)
            ORDER BY id
            """,
            logger: logger
        )
    }
}
