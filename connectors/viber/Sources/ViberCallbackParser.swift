import Foundation
import SwitchboardCore

/// Turns a verified Viber callback into what the server stores, one small rule per event.
enum ViberCallbackParser {
    static func items(_ callback: ViberCallback, rawPayload: String, receivedAt: Date) -> [WebhookItem] {
        switch callback.event {
        case "message": [message(callback, rawPayload: rawPayload, receivedAt: receivedAt)]
        case "delivered": [receipt(callback, status: .delivered)]
        case "seen": [receipt(callback, status: .read)]
        case "failed": [receipt(callback, status: .failed)]
        case "subscribed": [reachability(callback.user?.id, reachable: true, reason: "subscribed to the bot")]
        case "unsubscribed": [reachability(callback.userID, reachable: false, reason: "unsubscribed from the bot")]
        case "conversation_started":
            [.ignored("conversation_started: the person opened the chat with the bot but wrote nothing yet")]
        case "webhook": [.ignored("webhook: Viber checking the callback URL")]
        case let event?: [.ignored("unknown Viber event \"\(event)\"")]
        case nil: [.ignored("a Viber callback without an event")]
        }
    }

    static func message(_ callback: ViberCallback, rawPayload: String, receivedAt: Date) -> WebhookItem {
        // A person wrote, but we cannot tell which message or from whom: kept as theirs, shown in health.
        func unreadable(_ reason: String) -> WebhookItem {
            .skipped(
                SkippedPayload(
                    .unreadable, reason: reason, externalID: nonEmpty(callback.messageToken), payload: rawPayload
                )
            )
        }
        guard let token = nonEmpty(callback.messageToken) else {
            return unreadable("a Viber message without message_token")
        }
        guard let sender = callback.sender, let senderID = nonEmpty(sender.id) else {
            return unreadable("a Viber message without sender id")
        }
        guard let message = callback.message else {
            return unreadable("a Viber message callback without message")
        }
        let content = ViberMessageContent(message, token: token)
        var attributes: [String: JSONValue] = [:]
        if let country = sender.country, !country.isEmpty { attributes["viber_country"] = .string(country) }
        let event = InboundEvent(
            externalID: token,
            sender: InboundSender(externalID: senderID, name: sender.name, language: languageTag(sender.language)),
            content: content.text, attachments: content.attachments, contactAttributes: attributes,
            sentAt: callback.sentAt ?? receivedAt, rawPayload: rawPayload
        )
        return .message(event)
    }

    static func receipt(_ callback: ViberCallback, status: DeliveryStatus) -> WebhookItem {
        guard let token = nonEmpty(callback.messageToken) else {
            return .ignored("a Viber \(callback.event ?? "receipt") without message_token")
        }
        var error: String?
        if status == .failed {
            error = callback.desc?.isEmpty == false ? callback.desc : "Viber could not deliver the message"
        }
        return .receipt(externalID: token, status: status, error: error)
    }

    static func reachability(_ userID: ViberID?, reachable: Bool, reason: String) -> WebhookItem {
        guard let id = nonEmpty(userID) else { return .ignored("a Viber subscription change without user id") }
        return .reachability(senderExternalID: id, reachable: reachable, reason: reason)
    }

    /// Viber's language (`en`, `ru-RU`, sometimes `en_US`) as a BCP 47 tag.
    static func languageTag(_ language: String?) -> String? {
        guard let language = language?.trimmingCharacters(in: .whitespaces), !language.isEmpty else { return nil }
        return language.replacingOccurrences(of: "_", with: "-")
    }

    private static func nonEmpty(_ id: ViberID?) -> String? {
        guard let text = id?.text, !text.isEmpty else { return nil }
        return text
    }
}
