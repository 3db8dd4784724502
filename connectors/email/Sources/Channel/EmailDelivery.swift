import EmailTransport
import Foundation
import NIOPosix
import SwitchboardCore

/// Sends replies as mail over SMTP: a proper MIME message from the inbox's address, threaded in the
/// customer's mail client (Message-ID, In-Reply-To, References, "Re:" subject).
///
/// Web-form conversations have no mailbox of their own: they are answered through the account's
/// default mail inbox (`replyThrough`) when the contact gave an address.
public struct EmailDelivery: DeliveryConnector {
    let threadPool: NIOThreadPool

    public init(threadPool: NIOThreadPool = .singleton) {
        self.threadPool = threadPool
    }

    /// One message per reply, so there are no earlier parts to skip: `progress` is not needed.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        let mailInbox: Inbox
        let recipient: String?
        if message.inbox.kind == .email {
            mailInbox = message.inbox
            recipient = message.recipientExternalID ?? message.recipientEmail
        } else if let through = message.replyThrough {
            mailInbox = through
            recipient = message.recipientEmail
        } else {
            throw .permanent(
                "no email inbox answers \(message.inbox.kind.rawValue) conversations: set account_default on one of the account's email inboxes"
            )
        }
        guard let recipient, let address = EmailAddress.parse(recipient), address.address.contains("@") else {
            throw .permanent("the contact has no email address to answer")
        }
        let settings: EmailSettings
        do {
            settings = try EmailSettings(config: mailInbox.config)
        } catch {
            throw .permanent("the email inbox's settings are unusable: \(error.reason)")
        }
        guard let smtp = settings.smtp else { throw .permanent("the email inbox has no smtp_host to send through") }
        let domain = String(settings.from.address.split(separator: "@").last ?? "localhost")
        let messageID = ReplyMessageID.make(
            conversationID: message.conversationID, messageID: message.messageID, key: mailInbox.uid, domain: domain
        )
        let mail = Self.mail(message, from: settings.from, to: EmailAddress(name: message.contactName, address: address.address), messageID: messageID)
        do {
            try await SMTPClient(server: smtp, threadPool: threadPool).send(
                from: settings.from.address, recipients: [address.address], message: MIMEComposer.compose(mail),
                heloDomain: domain
            )
        } catch {
            throw error.isRetryable ? .temporary(error.description) : .permanent(error.description)
        }
        return DeliveryReceipt(externalID: messageID)
    }

    static func mail(_ message: OutboundMessage, from: EmailAddress, to: EmailAddress, messageID: String) -> OutgoingEmail {
        let context = message.replyContext
        let original = context.subject.map(SubjectNormalizer.normalize) ?? ""
        return OutgoingEmail(
            from: from, to: [to], replyTo: EmailAddress(address: from.address),
            subject: original.isEmpty ? "Re: your message" : "Re: \(original)",
            messageID: messageID, inReplyTo: context.inReplyTo, references: context.references,
            date: message.createdAt, text: message.content, html: MIMEComposer.htmlFromText(message.content),
            attachments: message.attachments.map { OutgoingAttachment(name: $0.name, contentType: $0.contentType, data: $0.data) },
            extraHeaders: message.sender.type == .automation ? [(name: "Auto-Submitted", value: "auto-replied")] : []
        )
    }
}
