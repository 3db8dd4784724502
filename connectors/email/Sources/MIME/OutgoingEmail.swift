import Foundation

/// A reply as Switchboard sends it; `MIMEComposer` turns it into the bytes handed to SMTP.
///
/// The caller chooses the Message-ID (it encodes the conversation, so replies to it can be threaded) and the
/// threading headers; the composer only encodes.
public struct OutgoingEmail: Sendable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: EmailAddress?
    public var subject: String
    /// Without angle brackets.
    public var messageID: String
    /// The customer's message this answers, without angle brackets.
    public var inReplyTo: String?
    /// The thread's ids, oldest first, without angle brackets.
    public var references: [String]
    public var date: Date
    public var text: String
    /// An HTML alternative; `MIMEComposer.htmlFromText` makes one from the text.
    public var html: String?
    public var attachments: [OutgoingAttachment]
    /// More header fields (for example `Auto-Submitted: auto-replied` on automated answers).
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: EmailAddress, to: [EmailAddress], cc: [EmailAddress] = [], replyTo: EmailAddress? = nil,
        subject: String, messageID: String, inReplyTo: String? = nil, references: [String] = [], date: Date,
        text: String, html: String? = nil, attachments: [OutgoingAttachment] = [],
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.text = text
        self.html = html
        self.attachments = attachments
        self.extraHeaders = extraHeaders
    }
}

/// A file sent with a reply.
public struct OutgoingAttachment: Sendable, Equatable {
    public var name: String
    /// The media type, for example `application/pdf`; empty means `application/octet-stream`.
    public var contentType: String
    public var data: [UInt8]

    public init(name: String, contentType: String, data: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.data = data
    }
}
