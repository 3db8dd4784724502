import SwitchboardCore

extension TelegramConnector {
    /// Sends a reply to the chat it answers.
    ///
    /// Text goes with `sendMessage`, split into several messages above 4096 characters. Each attachment
    /// is uploaded with `sendPhoto` (pictures Telegram can show inline) or `sendDocument` (everything
    /// else). A single attachment carries the text as its caption when the text fits a caption
    /// (1024 characters); otherwise the text is sent first. The receipt names the first message sent.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) -> DeliveryReceipt {
        let settings = TelegramSettings(message.inbox)
        guard let token = settings.botToken else {
            throw .permanent("the inbox has no bot_token")
        }
        guard let chatID = message.recipientExternalID, !chatID.isEmpty else {
            throw .permanent("the contact has no Telegram chat with this bot")
        }
        let api = botAPI(settings, token: token)
        let chat = ChatID(chatID)
        let hasText = message.content.contains { !$0.isWhitespace }
        let textAsCaption =
            message.attachments.count == 1 && message.content.utf16.count <= TextChunks.captionLimit

        var receipts: [String?] = []
        if hasText, !textAsCaption {
            for piece in TextChunks.split(message.content) {
                let answer = try await api.call(
                    "sendMessage", json: SendMessage(chatID: chat, text: piece), result: SentMessage.self
                )
                receipts.append(Self.receiptID(answer.result, chatID: chatID))
            }
        }
        for attachment in message.attachments {
            let method = Self.usesSendPhoto(attachment) ? "sendPhoto" : "sendDocument"
            var form = MultipartForm()
            form.addField("chat_id", chatID)
            if hasText, textAsCaption {
                form.addField("caption", message.content)
            }
            form.addFile(
                method == "sendPhoto" ? "photo" : "document", fileName: attachment.name,
                contentType: attachment.contentType, data: attachment.data
            )
            let answer = try await api.call(method, form: form, result: SentMessage.self)
            receipts.append(Self.receiptID(answer.result, chatID: chatID))
        }
        guard let first = receipts.first else {
            throw .permanent("the reply has no text and no attachments")
        }
        return DeliveryReceipt(externalID: first)
    }

    /// `sendPhoto` takes JPEG, PNG and WebP pictures up to 10 MB; GIF would lose its animation and SVG
    /// is refused, so those and larger pictures go as documents.
    static func usesSendPhoto(_ attachment: OutboundAttachment) -> Bool {
        let type = attachment.contentType.lowercased()
        guard type.hasPrefix("image/") else { return false }
        let notPhotos = ["image/gif", "image/svg+xml"]
        return !notPhotos.contains { type.hasPrefix($0) } && attachment.data.count <= 10 * 1024 * 1024
    }

    /// `"<chat id>:<message id>"`, the scheme incoming messages use too.
    static func receiptID(_ sent: SentMessage?, chatID: String) -> String? {
        guard let sent else { return nil }
        return "\(sent.chat.map { String($0.id) } ?? chatID):\(sent.messageID)"
    }
}

/// A `chat_id` as the Bot API takes it: the number for a chat id, the text for a `@channelusername`.
struct ChatID: Encodable {
    var value: String

    init(_ value: String) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let number = Int64(value) {
            try container.encode(number)
        } else {
            try container.encode(value)
        }
    }
}

struct SendMessage: Encodable {
    var chatID: ChatID
    var text: String

    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
    }
}
