import SwitchboardCore

extension TelegramConnector {
    /// Sends a reply to the chat it answers.
    ///
    /// Text goes with `sendMessage`, split into several messages above 4096 characters. Each attachment
    /// is uploaded with `sendPhoto` (pictures Telegram can show inline) or `sendDocument` (everything
    /// else). A single attachment carries the text as its caption when the text fits a caption
    /// (1024 characters); otherwise the text is sent first. Each of these messages is one part of the
    /// reply: a retry sends only the parts Telegram has not accepted yet. The receipt names the first
    /// message sent.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        let settings = TelegramSettings(message.inbox)
        guard let token = settings.botToken else {
            throw .permanent("the inbox has no bot_token")
        }
        guard let chatID = message.recipientExternalID, !chatID.isEmpty else {
            throw .permanent("the contact has no Telegram chat with this bot")
        }
        let api = botAPI(settings, token: token)
        let parts = Self.parts(of: message)
        guard !parts.isEmpty else {
            throw .permanent("the reply has no text and no attachments")
        }
        let sent = try await progress.send(parts: parts.count) { index throws(DeliveryFailure) in
            switch parts[index] {
            case .text(let piece):
                // A question's options ride on its last piece as a one-time reply keyboard.
                let keyboard = index == parts.count - 1 ? ReplyKeyboard(message.choices) : nil
                let answer = try await api.call(
                    "sendMessage", json: SendMessage(chatID: ChatID(chatID), text: piece, replyMarkup: keyboard),
                    result: SentMessage.self
                )
                return Self.receiptID(answer.result, chatID: chatID)
            case .file(let attachment, let caption):
                let method = Self.usesSendPhoto(attachment) ? "sendPhoto" : "sendDocument"
                var form = MultipartForm()
                form.addField("chat_id", chatID)
                if let caption {
                    form.addField("caption", caption)
                }
                form.addFile(
                    method == "sendPhoto" ? "photo" : "document", fileName: attachment.name,
                    contentType: attachment.contentType, data: attachment.data
                )
                let answer = try await api.call(method, form: form, result: SentMessage.self)
                return Self.receiptID(answer.result, chatID: chatID)
            }
        }
        return DeliveryReceipt(externalID: sent.first ?? nil)
    }

    /// One Telegram message of a reply.
    enum Part {
        case text(String)
        case file(OutboundAttachment, caption: String?)
    }

    /// The messages a reply becomes, in sending order; the same reply gives the same parts every time.
    static func parts(of message: OutboundMessage) -> [Part] {
        let hasText = message.content.contains { !$0.isWhitespace }
        let textAsCaption =
            message.attachments.count == 1 && message.content.utf16.count <= TextChunks.captionLimit
        var parts: [Part] = []
        if hasText, !textAsCaption {
            parts += TextChunks.split(message.content).map(Part.text)
        }
        for attachment in message.attachments {
            parts.append(.file(attachment, caption: hasText && textAsCaption ? message.content : nil))
        }
        return parts
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
    var replyMarkup: ReplyKeyboard? = nil

    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case replyMarkup = "reply_markup"
    }
}

/// A reply keyboard: one button per option, one option per row, hidden once pressed.
struct ReplyKeyboard: Encodable {
    var keyboard: [[Button]]
    var oneTimeKeyboard = true
    var resizeKeyboard = true

    struct Button: Encodable { var text: String }

    init?(_ choices: [String]) {
        guard !choices.isEmpty else { return nil }
        keyboard = choices.map { [Button(text: $0)] }
    }

    enum CodingKeys: String, CodingKey {
        case keyboard
        case oneTimeKeyboard = "one_time_keyboard", resizeKeyboard = "resize_keyboard"
    }
}
