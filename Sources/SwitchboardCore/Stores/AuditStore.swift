import Foundation

/// One line of the audit trail: who (nil: the system) did what to which thing, from where.
public struct AuditRecord: Sendable, Equatable {
    public var id: Int64
    public var actorID: Int64?
    public var actorName: String?
    public var action: String
    public var subjectType: String
    public var subjectID: Int64?
    public var data: [String: JSONValue]
    public var ip: String?
    public var createdAt: Date

    public init(
        id: Int64, actorID: Int64?, actorName: String?, action: String, subjectType: String, subjectID: Int64?,
        data: [String: JSONValue], ip: String?, createdAt: Date
    ) {
        self.id = id
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.data = data
        self.ip = ip
        self.createdAt = createdAt
    }
}

public struct AuditFilter: Sendable, Equatable {
    public var actorID: Int64?
    public var action: String?
    public var subjectType: String?
    public var subjectID: Int64?
    public var from: Date?
    public var to: Date?
    public var beforeID: Int64?
    public var limit = 50

    public init() {}
}

/// The audit trail: written by every change that matters, never changed or deleted by any route.
public protocol AuditStore: Sendable {
    func recordAudit(
        accountID: Int64, actorID: Int64?, action: String, subjectType: String, subjectID: Int64?,
        data: [String: JSONValue], ip: String?
    ) async throws
    /// `conversation.viewed`, at most once per agent and conversation in `window`.
    func recordView(accountID: Int64, agentID: Int64, conversationID: Int64, ip: String?, window: Duration) async throws
    /// Newest first.
    func auditRecords(accountID: Int64, _ filter: AuditFilter) async throws -> [AuditRecord]
}
