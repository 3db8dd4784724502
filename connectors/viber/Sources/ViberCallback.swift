import Foundation

/// One callback Viber posts to the webhook, as far as we read it.
///
/// Every field is optional and read leniently: a field of an unexpected type counts as absent, so an odd
/// callback becomes an `.ignored` item (or a message with less detail) instead of an error.
struct ViberCallback: Decodable, Sendable {
    var event: String?
    /// Milliseconds since 1970.
    var timestamp: Double?
    var messageToken: ViberID?
    /// Who wrote, on `message`.
    var sender: ViberUser?
    /// Who it is about, on `subscribed` and `conversation_started`.
    var user: ViberUser?
    /// Who it is about, on `delivered`, `seen`, `failed` and `unsubscribed`.
    var userID: ViberID?
    var message: ViberMessage?
    /// Why a message could not be delivered, on `failed`.
    var desc: String?

    enum CodingKeys: String, CodingKey {
        case event, timestamp, sender, user, message, desc
        case messageToken = "message_token", userID = "user_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        event = container.lenient(String.self, .event)
        timestamp = container.lenient(Double.self, .timestamp)
        messageToken = container.lenient(ViberID.self, .messageToken)
        sender = container.lenient(ViberUser.self, .sender)
        user = container.lenient(ViberUser.self, .user)
        userID = container.lenient(ViberID.self, .userID)
        message = container.lenient(ViberMessage.self, .message)
        desc = container.lenient(String.self, .desc)
    }

    var sentAt: Date? { timestamp.map { Date(timeIntervalSince1970: $0 / 1000) } }
}

/// A Viber user as callbacks describe them.
struct ViberUser: Decodable, Sendable {
    var id: ViberID?
    var name: String?
    var avatar: String?
    var language: String?
    var country: String?

    enum CodingKeys: String, CodingKey { case id, name, avatar, language, country }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenient(ViberID.self, .id)
        name = container.lenient(String.self, .name)
        avatar = container.lenient(String.self, .avatar)
        language = container.lenient(String.self, .language)
        country = container.lenient(String.self, .country)
    }
}

/// The `message` object of a `message` callback.
struct ViberMessage: Decodable, Sendable {
    var type: String?
    var text: String?
    /// The file's URL (picture, video, file, sticker) or the shared link (url).
    var media: String?
    var thumbnail: String?
    var fileName: String?
    var size: Int64?
    var stickerID: ViberID?
    var location: Location?
    var contact: SharedContact?

    struct Location: Decodable, Sendable {
        var lat: Double?
        var lon: Double?
        var address: String?

        enum CodingKeys: String, CodingKey { case lat, lon, address }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            lat = container.lenient(Double.self, .lat)
            lon = container.lenient(Double.self, .lon)
            address = container.lenient(String.self, .address)
        }
    }

    struct SharedContact: Decodable, Sendable {
        var name: String?
        var phoneNumber: String?

        enum CodingKeys: String, CodingKey {
            case name
            case phoneNumber = "phone_number"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = container.lenient(String.self, .name)
            phoneNumber = container.lenient(String.self, .phoneNumber)
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, text, media, thumbnail, size, location, contact
        case fileName = "file_name", stickerID = "sticker_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        text = container.lenient(String.self, .text)
        media = container.lenient(String.self, .media)
        thumbnail = container.lenient(String.self, .thumbnail)
        fileName = container.lenient(String.self, .fileName)
        size = container.lenient(Int64.self, .size)
        stickerID = container.lenient(ViberID.self, .stickerID)
        location = container.lenient(Location.self, .location)
        contact = container.lenient(SharedContact.self, .contact)
    }
}

/// An id Viber sends as a string (user ids) or as a 64-bit number (message tokens, beyond what a
/// Double holds exactly), kept as the exact decimal text.
struct ViberID: Decodable, Sendable, Equatable {
    var text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            text = String(value)
        } else if let value = try? container.decode(UInt64.self) {
            text = String(value)
        } else {
            text = try container.decode(String.self)
        }
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or nil when it is absent, null or of another type.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
