import Foundation

/// An incoming email as Switchboard needs it: who, threading ids, the new text, the quoted history, attachments,
/// and whether a machine sent it.
///
/// Everything is already decoded (encoded words, charsets, transfer encodings); raw header values stay reachable
/// through `header(_:)` and `headers(_:)` for anything not lifted into a property.
public struct ParsedEmail: Sendable {
    /// The Message-ID without angle brackets; nil when the message has none (dedupe then falls back to a hash).
    public var messageID: String?
    /// Ids from In-Reply-To, without angle brackets.
    public var inReplyTo: [String]
    /// Ids from References, oldest first, without angle brackets.
    public var references: [String]
    public var subject: String?
    public var from: EmailAddress?
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: [EmailAddress]
    public var date: Date?
    /// What the sender wrote now: the plain-text body (or text derived from HTML) without quoted history.
    public var text: String
    /// The quoted part of a reply, kept but not shown as new content; nil when there is none.
    public var quotedHistory: String?
    /// The HTML body when the message has one.
    public var html: String?
    public var attachments: [ParsedAttachment]
    /// Set when the message is an auto-reply, a bounce or bulk mail.
    public var automation: AutomatedMailKind?
    /// Every header field in message order, unfolded and decoded.
    public var headerFields: [EmailHeaderField]

    public init(
        messageID: String? = nil, inReplyTo: [String] = [], references: [String] = [], subject: String? = nil,
        from: EmailAddress? = nil, to: [EmailAddress] = [], cc: [EmailAddress] = [], replyTo: [EmailAddress] = [],
        date: Date? = nil, text: String = "", quotedHistory: String? = nil, html: String? = nil,
        attachments: [ParsedAttachment] = [], automation: AutomatedMailKind? = nil,
        headerFields: [EmailHeaderField] = []
    ) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.date = date
        self.text = text
        self.quotedHistory = quotedHistory
        self.html = html
        self.attachments = attachments
        self.automation = automation
        self.headerFields = headerFields
    }

    /// True for auto-replies, bounces and bulk mail: never answer these automatically.
    public var isAutomated: Bool { automation != nil }

    /// The first header field with this name (case-insensitive), unfolded and decoded; nil when absent.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headerFields.first { $0.name.lowercased() == key }?.value
    }

    /// Every header field with this name (case-insensitive), in message order.
    public func headers(_ name: String) -> [String] {
        let key = name.lowercased()
        return headerFields.filter { $0.name.lowercased() == key }.map(\.value)
    }
}

/// One header field: its name as written and its value unfolded, with encoded words decoded.
public struct EmailHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A file that came with a message: a regular attachment, an inline image (`contentID` set), a forwarded message
/// (`message/rfc822`, named `….eml`), a calendar invitation and so on.
public struct ParsedAttachment: Sendable, Equatable {
    /// A file name safe to show and store: no directories, no control characters, never empty.
    public var name: String
    /// The media type, lowercased, without parameters (`image/png`).
    public var contentType: String
    /// The decoded content.
    public var data: [UInt8]
    /// The Content-ID without angle brackets, for `cid:` references from the HTML body.
    public var contentID: String?
    /// True for parts meant to be shown inside the message (disposition `inline`, or an image with a Content-ID).
    public var isInline: Bool

    public var size: Int { data.count }

    public init(name: String, contentType: String, data: [UInt8], contentID: String? = nil, isInline: Bool = false) {
        self.name = name
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
        self.isInline = isInline
    }
}
