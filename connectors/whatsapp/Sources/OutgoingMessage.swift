/// The JSON of `POST /{phone_number_id}/messages` for one free-form text or media message.
struct OutgoingMessage: Encodable {
    struct Text: Encodable {
        var previewURL = false
        var body: String

        enum CodingKeys: String, CodingKey {
            case previewURL = "preview_url"
            case body
        }
    }

    /// An uploaded file by its media id; `filename` is shown for documents only.
    struct Media: Encodable {
        var id: String
        var caption: String?
        var filename: String?
    }

    var messagingProduct = "whatsapp"
    var recipientType = "individual"
    /// A phone number (`wa_id`): how WhatsApp addresses a person whose number we know.
    var to: String?
    /// A business-scoped user id (`US.1349…`): how WhatsApp addresses a person known only by it.
    var recipient: String?
    var type: String
    var text: Text?
    var image: Media?
    var video: Media?
    var audio: Media?
    var document: Media?
    var interactive: Interactive?

    enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product"
        case recipientType = "recipient_type"
        case to, recipient, type, text, image, video, audio, document, interactive
    }

    init(to recipient: String, type: String, text: Text? = nil) {
        if Self.isPhoneNumber(recipient) { to = recipient } else { self.recipient = recipient }
        self.type = type
        self.text = text
    }

    /// A `wa_id` is digits only; a business-scoped user id has a country prefix and a dot.
    static func isPhoneNumber(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func text(_ body: String, to recipient: String) -> OutgoingMessage {
        OutgoingMessage(to: recipient, type: "text", text: Text(body: body))
    }

    static func media(_ kind: MediaKind, _ media: Media, to recipient: String) -> OutgoingMessage {
        var message = OutgoingMessage(to: recipient, type: kind.rawValue)
        switch kind {
        case .image: message.image = media
        case .video: message.video = media
        case .audio: message.audio = media
        case .document: message.document = media
        }
        return message
    }
}

/// How WhatsApp shows a file we send. Only the types WhatsApp plays inline are sent as such; any other
/// file goes as a document, which takes every type.
enum MediaKind: String {
    case image, video, audio, document

    init(contentType: String) {
        switch MediaFile.baseType(contentType) {
        case "image/jpeg", "image/png": self = .image
        case "video/mp4", "video/3gpp": self = .video
        case "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg": self = .audio
        default: self = .document
        }
    }

    /// Audio messages cannot carry a caption.
    var takesCaption: Bool { self != .audio }
}
