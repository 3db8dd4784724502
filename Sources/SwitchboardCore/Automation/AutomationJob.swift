import Foundation

/// Messages the system sends by itself. Each kind goes out at most once per conversation.
public enum AutomationKind: String, Sendable, Codable, CaseIterable {
    /// Sent when a new conversation opens, from the inbox's greeting template.
    case greeting
    /// Sent when the conversation is resolved.
    case farewell
    /// The satisfaction survey, sent after the farewell; the answer becomes the conversation's rating.
    case csat
    /// A routing rule's `send_template` action (any number per conversation).
    case ruleReply = "rule_reply"
}

/// What an inbox sends by itself at the end of a conversation.
public struct InboxAutomations: Sendable, Equatable {
    public var farewellTemplateID: Int64?
    public var csatTemplateID: Int64?
    /// How long after the survey a bare "1"–"5" (or 👍/👎) counts as the rating, not as a new request.
    public var csatWindowHours: Int
    /// Sent instead of the greeting when a conversation opens outside `officeHours`.
    public var outOfOfficeTemplateID: Int64?
    public var officeHours: OfficeHours?

    public init(
        farewellTemplateID: Int64? = nil, csatTemplateID: Int64? = nil, csatWindowHours: Int = 24,
        outOfOfficeTemplateID: Int64? = nil, officeHours: OfficeHours? = nil
    ) {
        self.farewellTemplateID = farewellTemplateID
        self.csatTemplateID = csatTemplateID
        self.csatWindowHours = csatWindowHours
        self.outOfOfficeTemplateID = outOfOfficeTemplateID
        self.officeHours = officeHours
    }

    /// The template that welcomes a conversation opening at `moment`: out of office outside working
    /// hours (when both are set), else the greeting.
    public func welcomeTemplate(greeting: Int64?, at moment: Date) -> Int64? {
        if let hours = officeHours, let away = outOfOfficeTemplateID, !hours.isOpen(at: moment) { return away }
        return greeting
    }
}

/// A claimed piece of due work: what to send in which conversation.
public struct AutomationJob: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var conversationID: Int64
    public var kind: AutomationKind
    public var templateID: Int64?
    public var attempt: Int

    public init(id: Int64, accountID: Int64, conversationID: Int64, kind: AutomationKind, templateID: Int64?, attempt: Int) {
        self.id = id
        self.accountID = accountID
        self.conversationID = conversationID
        self.kind = kind
        self.templateID = templateID
        self.attempt = attempt
    }
}

/// The automation queue in the database: state survives restarts and is shared by every process.
public protocol AutomationStore: Sendable {
    /// Claims due jobs exclusively (a lease: an unfinished claim comes back after `lease`).
    func claimDueAutomations(now: Date, limit: Int, lease: Duration) async throws -> [AutomationJob]
    /// Writes the automated message with its outbox row and finishes the job, in one transaction;
    /// does nothing if the job was finished meanwhile. Returns whether the message was written.
    func completeAutomation(jobID: Int64, content: String) async throws -> Bool
    /// Finishes a job without sending, keeping the reason (a deleted template, a resolved conversation).
    func cancelAutomation(jobID: Int64, reason: String) async throws
    /// Reopens snoozed conversations whose time has come; returns the accounts they belong to.
    func wakeSnoozedConversations(now: Date) async throws -> [Int64]
}
