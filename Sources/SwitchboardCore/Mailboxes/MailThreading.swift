import Foundation

/// How an email tells which conversation it continues.
///
/// A messenger chat is one conversation per person; mail has threads, and help desks that thread
/// mail badly (duplicates, strangers merged into one conversation) are what people complain of most.
/// The pipeline joins by `references` first — the ids name our own outgoing mail or the customer's
/// earlier messages — and only then by subject, and by subject only within the same contact.
public struct MailThreading: Sendable, Equatable {
    /// Message-IDs this message answers, most telling first: In-Reply-To, then References newest first.
    public var references: [String]
    /// The subject without reply and forward prefixes, case-folded; empty when there is none.
    public var subjectKey: String

    public init(references: [String], subjectKey: String) {
        self.references = references
        self.subjectKey = subjectKey
    }

    /// How long a conversation stays joinable by subject alone after its last message.
    public static let subjectWindow: TimeInterval = 7 * 24 * 3600
}

/// What a reply needs to continue a thread in the customer's mail client: the conversation's
/// subject and the ids of the messages it answers.
public struct ReplyContext: Sendable, Equatable {
    public var subject: String?
    /// The platform id of the contact's latest message (an email's Message-ID).
    public var inReplyTo: String?
    /// Platform ids of the conversation's earlier messages, oldest first.
    public var references: [String]

    public init(subject: String? = nil, inReplyTo: String? = nil, references: [String] = []) {
        self.subject = subject
        self.inReplyTo = inReplyTo
        self.references = references
    }
}
