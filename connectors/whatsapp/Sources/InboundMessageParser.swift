import Foundation
import SwitchboardCore

/// One entry of `messages[]`: a customer's message, or skipped with the reason.
///
/// The message's `id` (`wamid.…`) is its external id: Meta repeats it on every redelivery, and a
/// customer's reply names it in `context.id`.
///
/// The sender is `from` (their phone number, `wa_id`), else `from_user_id` (the business-scoped user id
/// WhatsApp gives people who hide their number behind a username), else `from_parent_user_id`. Every one
/// of those the message names is kept as an id of the same contact, so a person first known by user id
/// and later by phone (or the other way round) stays one person.
enum InboundMessageParser {
    static func item(_ message: JSONValue, profileNames: [String: String], rawPayload: String) -> WebhookItem {
        guard let id = message["id"]?.text else {
            return .skipped(SkippedPayload(.unreadable, reason: "a WhatsApp message without id", payload: rawPayload))
        }
        let ids = [message["from"]?.text, message["from_user_id"]?.text, message["from_parent_user_id"]?.text]
            .compactMap { $0 }
        guard let primary = ids.first else {
            return .skipped(
                SkippedPayload(
                    .unreadable, reason: "message \(id) names no sender (no from, from_user_id)", externalID: id,
                    payload: rawPayload
                )
            )
        }
        let type = message["type"]?.text ?? inferredType(message) ?? "(none)"
        let body: MessageBody
        switch content(message, type: type) {
        case .success(let parsed): body = parsed
        case .failure(let reason):
            return .skipped(
                SkippedPayload(
                    reason.fromPerson ? .unreadable : .ignored, reason: "message \(id): \(reason.text)", externalID: id,
                    payload: rawPayload
                )
            )
        }
        let phone = message["from"]?.text.flatMap { $0.allSatisfy(\.isASCIIDigit) ? "+" + $0 : nil }
        let sender = InboundSender(
            externalID: primary,
            name: ids.lazy.compactMap { profileNames[$0] }.first,
            phone: phone,
            aliases: Array(Set(ids.dropFirst()).subtracting([primary])).sorted()
        )
        let sentAt = message["timestamp"]?.number.flatMap { $0.isFinite ? Date(timeIntervalSince1970: $0) : nil }
        return .message(
            InboundEvent(
                externalID: id, sender: sender, content: body.text, attachments: body.attachments,
                sentAt: sentAt, rawPayload: rawPayload
            )
        )
    }

    /// A message without `type` (Meta's own documented contacts example has none) is read by the one
    /// content field it carries.
    static func inferredType(_ message: JSONValue) -> String? {
        ["text", "image", "video", "audio", "voice", "document", "sticker", "location", "contacts", "interactive", "button",
         "reaction"].first { message[$0] != nil }
    }

    struct MessageBody {
        var text: String
        var attachments: [InboundAttachment] = []
    }

    /// Why a message is acknowledged without being stored; `fromPerson` when it carried something the
    /// person meant us to read (a type we cannot show), as opposed to a reaction.
    struct Skip: Error {
        var text: String
        var fromPerson: Bool
        init(_ text: String, fromPerson: Bool = true) {
            self.text = text
            self.fromPerson = fromPerson
        }
    }

    static func content(_ message: JSONValue, type: String) -> Result<MessageBody, Skip> {
        switch type {
        case "text":
            guard let body = message["text"]?["body"]?.text else { return .failure(Skip("text without body")) }
            return .success(MessageBody(text: body))
        case "image", "video", "audio", "voice", "document", "sticker":
            guard let media = message[type], let attachment = MediaFile.attachment(type: type, media: media) else {
                return .failure(Skip("\(type) without media id"))
            }
            let caption = media["caption"]?.text ?? ""
            let text = type == "sticker" ? "[sticker]" : caption
            return .success(MessageBody(text: text, attachments: [attachment]))
        case "location":
            guard let location = message["location"], let text = SharedContent.location(location) else {
                return .failure(Skip("location without coordinates"))
            }
            return .success(MessageBody(text: text))
        case "contacts":
            let cards = message["contacts"]?.elements ?? []
            guard !cards.isEmpty else { return .failure(Skip("contacts without cards")) }
            return .success(MessageBody(text: cards.map(SharedContent.contact).joined(separator: "\n")))
        case "interactive":
            return interactiveReply(message["interactive"])
        case "button":
            // A tap on a quick-reply button of a template we sent.
            guard let text = message["button"]?["text"]?.text else { return .failure(Skip("button without text")) }
            return .success(MessageBody(text: text))
        case "reaction":
            let emoji = message["reaction"]?["emoji"]?.text ?? "(removed)"
            let target = message["reaction"]?["message_id"]?.text ?? "(unknown)"
            return .failure(Skip("reaction \(emoji) to \(target) is not stored", fromPerson: false))
        case "unsupported", "unknown":
            let why = message["errors"]?.elements.first.map(StatusParser.errorText) ?? "no details"
            return .failure(Skip("WhatsApp could not pass the message on: \(why)"))
        default:
            return .failure(Skip("message type \(type) is not supported"))
        }
    }

    /// A reply button or list row the customer picked: its title is what they saw and chose.
    private static func interactiveReply(_ interactive: JSONValue?) -> Result<MessageBody, Skip> {
        let kind = interactive?["type"]?.text ?? "(none)"
        guard kind == "button_reply" || kind == "list_reply" else {
            return .failure(Skip("interactive reply of type \(kind) is not supported"))
        }
        guard let title = interactive?[kind]?["title"]?.text else {
            return .failure(Skip("\(kind) without title"))
        }
        return .success(MessageBody(text: title))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
