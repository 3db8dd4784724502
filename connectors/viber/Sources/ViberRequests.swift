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

    enum CodingKeys: String, CodingKey {
        case receiver, sender, type, text
        case minAPIVersion = "min_api_version", trackingData = "tracking_data"
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
