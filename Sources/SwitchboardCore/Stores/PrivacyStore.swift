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
}

public enum Erasure {
    /// What an erased message's text becomes.
    public static let erasedMarker = "[erased]"
    public static func anonymousName(contactID: Int64) -> String { "Anonymous #\(contactID)" }
}
