/// The body of `send_message` for one text message.
struct ViberSendMessage: Encodable, Equatable {
    struct Sender: Encodable, Equatable {
        var name: String
        var avatar: String?
    }

    var receiver: String
    var minAPIVersion = 1
    var sender: Sender
    /// Our message id; Viber passes it back with the person's reply.
    var trackingData: String
    var type = "text"
    var text: String
    /// A question's options as reply buttons (needs API version 3).
    var keyboard: ViberKeyboard? = nil

    enum CodingKeys: String, CodingKey {
        case receiver, sender, type, text, keyboard
        case minAPIVersion = "min_api_version", trackingData = "tracking_data"
    }
}

/// A custom keyboard: one full-width button per option, whose press sends the option's text back.
struct ViberKeyboard: Encodable, Equatable {
    struct Button: Encodable, Equatable {
        var columns = 6
        var rows = 1
        var actionType = "reply"
        var actionBody: String
        var text: String

        enum CodingKeys: String, CodingKey {
            case columns = "Columns", rows = "Rows", actionType = "ActionType", actionBody = "ActionBody", text = "Text"
        }
    }

    var type = "keyboard"
    var defaultHeight = false
    var buttons: [Button]

    init?(_ choices: [String]) {
        guard !choices.isEmpty else { return nil }
        buttons = choices.map { Button(actionBody: $0, text: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", defaultHeight = "DefaultHeight", buttons = "Buttons"
    }
}

/// The body of `set_webhook`.
struct ViberSetWebhook: Encodable, Equatable {
    /// Everything the connector turns into items; `message` callbacks come without asking.
    static let eventTypes = ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"]

    var url: String
    var eventTypes = Self.eventTypes
    var sendName = true
    var sendPhoto = false

    enum CodingKeys: String, CodingKey {
        case url
        case eventTypes = "event_types", sendName = "send_name", sendPhoto = "send_photo"
    }
}
