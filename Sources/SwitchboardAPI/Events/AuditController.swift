import Foundation
import Hummingbird
import SwitchboardCore

/// The audit trail, for admins: who read and changed what, when and from where. Read only: no route
/// changes or deletes a line of it.
struct AuditController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { request, context in
            let principal = try context.requirePrincipal()
            try principal.authorize(.readAudit)
            let query = QueryReader(request)
            var filter = AuditFilter()
            filter.actorID = try query.id("actor_id")
            filter.action = query.string("action")
            filter.subjectType = query.string("subject_type")
            filter.subjectID = try query.id("subject_id")
            filter.from = try Self.time(query, "from")
            filter.to = try Self.time(query, "to")
            if let from = filter.from, let to = filter.to, to < from {
                throw SwitchboardError.invalid("to", "must not be before from")
            }
            filter.beforeID = try Cursor.decode(query.string("cursor"))
            let limit = try query.limit(default: 50, max: 200)
            filter.limit = limit + 1
            let (page, next) = Cursor.page(
                try await deps.audit.auditRecords(accountID: principal.accountID, filter), limit: limit, id: \.id
            )
            return try JSONBody.response(PageDTO(items: page.map(AuditRecordDTO.init), nextCursor: next))
        }
    }

    /// A time (RFC 3339) or a day (YYYY-MM-DD, midnight UTC).
    static func time(_ query: QueryReader, _ name: String) throws -> Date? {
        guard let text = query.string(name) else { return nil }
        if let date = RFC3339.date(text) { return date }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
        throw SwitchboardError.invalid(name, "must be a date (YYYY-MM-DD) or an RFC 3339 time")
    }
}

struct AuditRecordDTO: Encodable {
    var record: AuditRecord

    init(_ record: AuditRecord) { self.record = record }

    enum CodingKeys: String, CodingKey {
        case id, actor, action, data, ip
        case subjectType = "subject_type", subjectID = "subject_id", createdAt = "created_at"
    }

    struct Actor: Encodable {
        var id: Int64
        var name: String?

        enum CodingKeys: String, CodingKey { case id, name }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.actorID.map { Actor(id: $0, name: record.actorName) }, forKey: .actor)
        try container.encode(record.action, forKey: .action)
        try container.encode(record.subjectType, forKey: .subjectType)
        try container.encode(record.subjectID, forKey: .subjectID)
        try container.encode(record.data, forKey: .data)
        try container.encode(record.ip, forKey: .ip)
        try container.encode(record.createdAt, forKey: .createdAt)
    }
}
