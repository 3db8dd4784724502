import Foundation

/// What erasing a person touches: shown before (`confirm: false`) and recorded in the audit after.
public struct ErasureCounts: Sendable, Equatable {
    public var conversations: Int
    public var messages: Int
    public var attachments: Int
    public var identities: Int

    public init(conversations: Int, messages: Int, attachments: Int, identities: Int) {
        self.conversations = conversations
        self.messages = messages
        self.attachments = attachments
        self.identities = identities
    }
}

/// Erasure and subject access. Erasing anonymizes in place: texts and payloads become `erasedMarker`, files
/// and identities go, the contact becomes `Anonymous #id`; counts, timers, categories, labels and ratings stay.
public protocol PrivacyStore: Sendable {
    /// nil when the contact is not in the account.
    func erasureCounts(contactID: Int64, accountID: Int64) async throws -> ErasureCounts?
    /// Erases in one transaction and audits who asked with the counts; nil when the contact is not in the account.
    func eraseContact(contactID: Int64, accountID: Int64, actorID: Int64) async throws -> ErasureCounts?
    /// Everything held about the contact as one document; nil when the contact is not in the account.
    func exportContact(contactID: Int64, accountID: Int64) async throws -> JSONValue?
    /// One retention round over every account that has a limit, `batchSize` conversations (or rows) per
    /// transaction; each account's round is audited with its counts.
    func applyRetention(now: Date, batchSize: Int) async throws -> [RetentionRun]
}

/// How long an account keeps what people wrote (nil: forever). Conversations resolved longer ago than
/// `conversationsDays` are anonymized as on erasure (unless labelled `legal-hold`), attachments older than
/// `attachmentsDays` deleted, audit rows older than `auditDays` deleted.
public struct RetentionSettings: Sendable, Equatable {
    public var conversationsDays: Int?
    public var attachmentsDays: Int?
    public var auditDays: Int?

    public static let maxDays = 36_500
    public static let legalHoldLabel = "legal-hold"

    public init(conversationsDays: Int? = nil, attachmentsDays: Int? = nil, auditDays: Int? = nil) {
        self.conversationsDays = conversationsDays
        self.attachmentsDays = attachmentsDays
        self.auditDays = auditDays
    }
}

/// What one retention round removed in one account.
public struct RetentionRun: Sendable, Equatable {
    public var accountID: Int64
    public var conversations = 0
    public var contacts = 0
    public var attachments = 0
    public var auditEvents = 0

    public init(accountID: Int64) { self.accountID = accountID }
}

public enum Erasure {
    /// What an erased message's text becomes.
    public static let erasedMarker = "[erased]"
    public static func anonymousName(contactID: Int64) -> String { "Anonymous #\(contactID)" }
}
