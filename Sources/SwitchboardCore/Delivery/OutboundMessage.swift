import Foundation

/// A reply on its way out, with everything a connector needs to send it through the channel it came from.
public struct OutboundMessage: Sendable, Equatable {
    public var messageID: Int64
    public var conversationID: Int64
    public var inbox: Inbox
    public var contactID: Int64
    public var contactName: String
    /// The contact's id on this inbox's channel; nil when the contact never wrote through it.
    public var recipientExternalID: String?
    public var recipientEmail: String?
    public var content: String
    public var sender: MessageSender
    public var createdAt: Date
    /// Files sent with the reply (a template's PDF, an agent's upload).
    public var attachments: [OutboundAttachment]
    /// The thread the reply continues (mail threads by subject and Message-IDs).
    public var replyContext: ReplyContext
    /// The account's mail inbox that answers conversations of channels that cannot reply themselves
    /// (a web form whose contact gave an email); nil when the account has none.
    public var replyThrough: Inbox?
    /// Options to offer as buttons (an intake question); connectors without buttons never get any.
    public var choices: [String]
    /// The contact's language tag, for the words a connector adds around `choices` (a list's button).
    public var contactLanguage: String?

    /// The title of the button that opens `choices` as a list, in the contact's language.
    public var choicesButtonTitle: String { IntakeWording.listButton(language: contactLanguage) }

    public init(
        messageID: Int64, conversationID: Int64, inbox: Inbox, contactID: Int64, contactName: String,
        recipientExternalID: String?, recipientEmail: String?, content: String, sender: MessageSender, createdAt: Date,
        attachments: [OutboundAttachment] = [], replyContext: ReplyContext = ReplyContext(), replyThrough: Inbox? = nil,
        choices: [String] = [], contactLanguage: String? = nil
    ) {
        self.choices = choices
        self.contactLanguage = contactLanguage
        self.replyContext = replyContext
        self.replyThrough = replyThrough
        self.messageID = messageID
        self.conversationID = conversationID
        self.inbox = inbox
        self.contactID = contactID
        self.contactName = contactName
        self.recipientExternalID = recipientExternalID
        self.recipientEmail = recipientEmail
        self.content = content
        self.sender = sender
        self.createdAt = createdAt
        self.attachments = attachments
    }
}

/// A file going out with a reply.
public struct OutboundAttachment: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var data: [UInt8]

    public init(name: String, contentType: String, data: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.data = data
    }
}

/// What the platform told us after accepting a message.
public struct DeliveryReceipt: Sendable, Equatable {
    public var externalID: String?

    public init(externalID: String? = nil) { self.externalID = externalID }
}

/// Why a send did not go through. Temporary failures are retried with backoff; permanent ones are not;
/// throttled ones are retried after exactly the delay the platform asked for (Telegram `retry_after`).
public enum DeliveryFailure: Error, Sendable, Equatable {
    case temporary(String)
    case permanent(String)
    case throttled(String, retryAfter: Duration)

    public var reason: String {
        switch self {
        case .temporary(let reason), .permanent(let reason), .throttled(let reason, _): reason
        }
    }
}

/// Sends replies through one channel. Implementations know the platform, never the database.
public protocol DeliveryConnector: Sendable {
    /// Sends `message`. A connector that sends a reply as several platform messages numbers them the
    /// same way on every attempt and sends them through `progress`, which skips the ones an earlier
    /// attempt got accepted and records each new one; one that sends a single message may ignore it.
    func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure) -> DeliveryReceipt
}

extension DeliveryConnector {
    /// Sends the whole reply as a first attempt, remembering nothing (one-off sends and tests).
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) -> DeliveryReceipt {
        try await deliver(message, progress: .untracked)
    }
}

/// The connectors the running process has, by channel kind. The executable builds it; the API and the
/// delivery worker only look things up in it.
public struct ConnectorRegistry: Sendable {
    public var delivery: [ChannelKind: any DeliveryConnector]
    public var forms: (any FormChannel)?
    /// Messengers also deliver: each is in `delivery` under its kind too.
    public var messengers: [ChannelKind: any MessengerConnector]
    /// Channels read by polling a mailbox (email); the API checks their settings through them.
    public var mailboxes: [ChannelKind: any MailboxConnector]

    public init(
        delivery: [ChannelKind: any DeliveryConnector] = [:], forms: (any FormChannel)? = nil,
        messengers: [any MessengerConnector] = [], mailboxes: [any MailboxConnector] = []
    ) {
        self.mailboxes = Dictionary(mailboxes.map { ($0.kind, $0) }) { first, _ in first }
        var delivery = delivery
        var byKind: [ChannelKind: any MessengerConnector] = [:]
        for messenger in messengers {
            byKind[messenger.kind] = messenger
            delivery[messenger.kind] = messenger
        }
        self.delivery = delivery
        self.forms = forms
        self.messengers = byKind
    }
}
