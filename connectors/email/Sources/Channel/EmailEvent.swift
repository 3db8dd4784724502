import Crypto
import Foundation
import SwitchboardCore

/// Turns one raw message into what the ingest pipeline stores.
enum EmailEvent {
    /// - Parameter ownAddress: the inbox's address; mail from it is ours (a copy, a loop) and is
    ///   never answered automatically.
    static func event(raw: [UInt8], parsed: ParsedEmail, ownAddress: String) -> InboundEvent {
        let sender = parsed.from ?? parsed.replyTo.first
        let address = sender?.normalizedAddress ?? "unknown-sender"
        let subject = parsed.subject.map(clean).flatMap { $0.isEmpty ? nil : $0 }
        var content = clean(parsed.text).trimmingCharacters(in: .whitespacesAndNewlines)
        if content.isEmpty {
            // A mail with only a subject (or only quoted history) is still a request agents must see.
            content = subject ?? (parsed.attachments.isEmpty ? "(no text)" : "")
        }
        let messageID = parsed.messageID.map(clean).flatMap { $0.isEmpty ? nil : $0 }
        return InboundEvent(
            externalID: messageID.map { $0.utf8.count <= 255 ? $0 : rawHashID(Array($0.utf8)) } ?? rawHashID(raw),
            sender: InboundSender(
                externalID: address, name: sender?.name.map(clean), email: sender?.address.contains("@") == true ? address : nil
            ),
            content: content,
            html: parsed.html.map(clean),
            subject: subject,
            attachments: parsed.attachments.map {
                InboundAttachment(name: clean($0.name), contentType: $0.contentType, data: $0.data)
            },
            sentAt: parsed.date,
            rawPayload: clean(String(decoding: raw, as: UTF8.self)),
            isAutomated: parsed.isAutomated || address == ownAddress.lowercased(),
            threading: MailThreading(
                references: (parsed.inReplyTo + parsed.references.reversed()).map(clean).filter { !$0.isEmpty },
                subjectKey: SubjectNormalizer.comparisonKey(subject ?? "")
            )
        )
    }

    /// The dedupe id of a message without a Message-ID: the same bytes always give the same id.
    static func rawHashID(_ raw: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
    }

    /// PostgreSQL text cannot hold NUL characters; mail sometimes does. They become U+FFFD, as everywhere.
    static func clean(_ text: String) -> String {
        StorableText.clean(text)
    }
}
