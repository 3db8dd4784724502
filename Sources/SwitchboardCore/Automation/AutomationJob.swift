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
    /// One reminder when the contact leaves our message unanswered; a new message of ours starts a new wait.
    case inactivityReminder = "inactivity_reminder"
    /// Resolves the conversation when the contact stays silent after the reminder; sends nothing itself.
    case inactivityResolve = "inactivity_resolve"
    /// The intake's question went unanswered: remind (twice), then hand the conversation to a human.
    case intakeReminder = "intake_reminder"

    /// Waits for the contact: they only make sense while the conversation is open or pending.
    public var waitsForContact: Bool { self == .inactivityReminder || self == .inactivityResolve }
}

/// A claimed piece of due work: what to send in which conversation.
public struct AutomationJob: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var conversationID: Int64
    public var kind: AutomationKind
    public var templateID: Int64?
    public var attempt: Int
    /// The conversation's status when the job was claimed.
    public var conversationStatus: ConversationStatus?

    public init(
        id: Int64, accountID: Int64, conversationID: Int64, kind: AutomationKind, templateID: Int64?, attempt: Int,
        conversationStatus: ConversationStatus? = nil
    ) {
        self.conversationStatus = conversationStatus
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
    /// Writes the automated message with its outbox row (and the template's files) and finishes the job,
    /// in one transaction; does nothing if the job was finished meanwhile, or if it waits for the contact
    /// and the conversation is no longer open. Returns whether the message was written.
    ///
    /// What the message starts is queued in the same transaction, due from `now`: a rule's reply waits for
    /// the contact's answer (the inbox's inactivity reminder), a reminder waits for the auto-resolve.
    func completeAutomation(jobID: Int64, content: String, now: Date) async throws -> Bool
    /// Resolves the conversation of a due `inactivity_resolve` job, with the inbox's note, farewell and
    /// survey, in one transaction; false when the job was finished meanwhile or the conversation is no
    /// longer open (then the job is cancelled).
    func resolveInactiveConversation(jobID: Int64) async throws -> Bool
    /// Finishes a job without sending, keeping the reason (a deleted template, a resolved conversation).
    func cancelAutomation(jobID: Int64, reason: String) async throws
    /// Resolves up to `limit` conversations idle for their account's `autoResolveIdleMinutes` at `now`:
    /// open or pending, answered by an agent after the contact's last message, and silent since. A request
    /// the contact is still waiting on is never closed this way. Returns the accounts they belong to.
    func resolveIdleConversations(now: Date, limit: Int) async throws -> [Int64]
    /// Reopens snoozed conversations whose time has come; returns the accounts they belong to.
    func wakeSnoozedConversations(now: Date) async throws -> [Int64]
}
