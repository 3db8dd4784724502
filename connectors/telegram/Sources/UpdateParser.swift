import Foundation
import SwitchboardCore

/// Turns one verified webhook body into the items the server stores.
///
/// Only private chats are customers: the bot answers people one to one, so group and channel traffic
/// is acknowledged and ignored. Message ids are `"<chat id>:<message id>"`, the same for every
/// redelivery of an update and for later edits of the message.
enum UpdateParser {
    static func items(from body: [UInt8], receivedAt: Date) -> [WebhookItem] {
        let update: TelegramUpdate
        do {
            update = try JSONDecoder().decode(TelegramUpdate.self, from: Data(body))
        } catch {
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(body)) else {
                return [.unreadableBody(body, reason: "the update is not a JSON object")]
            }
            // A message we cannot read may still be a person writing: kept as such, never just dropped.
            let carriesMessage = object["message"] != nil || object["edited_message"] != nil
            return [
                .skipped(
                    SkippedPayload(
                        carriesMessage ? .unreadable : .ignored,
                        reason: "the update does not have the shape the Bot API documents",
                        externalID: object["update_id"].flatMap { if case .number(let id) = $0 { String(Int64(id)) } else { nil } },
                        payload: String(decoding: body, as: UTF8.self)
                    )
                )
            ]
        }
        let rawPayload = String(decoding: body, as: UTF8.self)

        if let message = update.message {
            return [messageItem(message, rawPayload: rawPayload)]
        }
        if let message = update.editedMessage {
            return [editItem(message, receivedAt: receivedAt)]
        }
        if let change = update.myChatMember {
            return [membershipItem(change)]
        }
        guard let kind = update.kinds.first else { return [.ignored("empty Telegram update")] }
        return [.ignored("Telegram update of type \(kind) is not handled")]
    }

    static func messageItem(_ message: TelegramMessage, rawPayload: String) -> WebhookItem {
        guard message.chat.type == "private" else { return ignoredChat(message.chat) }
        let content = MessageContent(message)
        guard !content.isEmpty else {
            return .ignored("service message in a private chat carries nothing to show")
        }
        var attributes: [String: JSONValue] = [:]
        if let username = message.from?.username ?? message.chat.username, !username.isEmpty {
            attributes["telegram_username"] = .string(username)
        }
        let event = InboundEvent(
            externalID: messageID(message), sender: sender(of: message), content: content.text,
            attachments: content.attachments, contactAttributes: attributes,
            sentAt: Date(timeIntervalSince1970: TimeInterval(message.date)), rawPayload: rawPayload
        )
        return .message(event)
    }

    static func editItem(_ message: TelegramMessage, receivedAt: Date) -> WebhookItem {
        guard message.chat.type == "private" else { return ignoredChat(message.chat) }
        let editedAt = message.editDate.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? receivedAt
        return .edit(externalID: messageID(message), content: MessageContent(message).text, editedAt: editedAt)
    }

    /// In a private chat the bot's membership is the user's choice: `kicked` means they blocked the bot,
    /// `member` that they started it again.
    static func membershipItem(_ change: TelegramChatMemberUpdated) -> WebhookItem {
        guard change.chat.type == "private" else {
            return .ignored(
                "the bot's membership in a \(change.chat.type) chat changed; only private chats are handled")
        }
        let senderID = String(change.chat.id)
        switch change.newChatMember.status {
        case "kicked":
            return .reachability(senderExternalID: senderID, reachable: false, reason: "blocked the bot")
        case "member":
            return .reachability(senderExternalID: senderID, reachable: true, reason: "restarted the bot")
        default:
            return .ignored("the bot's status in a private chat changed to \(change.newChatMember.status)")
        }
    }

    /// `"<chat id>:<message id>"`: message ids are only unique within a chat.
    static func messageID(_ message: TelegramMessage) -> String {
        "\(message.chat.id):\(message.messageID)"
    }

    /// The chat is the customer: replies go to its id. The name is the user's first and last name,
    /// else their @username.
    static func sender(of message: TelegramMessage) -> InboundSender {
        let user = message.from
        let first = user?.firstName ?? message.chat.firstName
        let last = user?.lastName ?? message.chat.lastName
        let fullName = [first, last].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let username = user?.username ?? message.chat.username
        let name = fullName.isEmpty ? username.flatMap { $0.isEmpty ? nil : "@" + $0 } : fullName
        let language = user?.languageCode.flatMap { $0.isEmpty ? nil : $0 }
        return InboundSender(externalID: String(message.chat.id), name: name, language: language)
    }

    private static func ignoredChat(_ chat: TelegramChat) -> WebhookItem {
        .ignored("message in a \(chat.type) chat: only private chats with the bot are customers")
    }
}
