import Foundation

/// The part of a Callback API call read before its proof is checked: nothing but the envelope's
/// `secret`, `type` and `group_id`.
struct VKEnvelope: Decodable {
    var secret: String?
    var type: String?
    var groupID: String?

    private enum CodingKeys: String, CodingKey {
        case secret, type
        case groupID = "group_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        secret = try? container.decode(String.self, forKey: .secret)
        type = try? container.decode(String.self, forKey: .type)
        groupID = container.flexibleID(.groupID)
    }
}

/// A whole Callback API call, read after its proof was checked. Every field is optional: an event VK
/// shapes differently than expected is acknowledged and ignored, never refused.
struct VKCallback: Decodable {
    var type: String?
    var eventID: String?
    var groupID: String?
    /// `object.message` (API 5.103 and later), or `object` itself for the older flat shape.
    var message: VKMessage?
    /// `object.user_id` of `message_allow` and `message_deny`.
    var userID: String?

    private enum CodingKeys: String, CodingKey {
        case type, object
        case eventID = "event_id"
        case groupID = "group_id"
    }

    private enum ObjectKeys: String, CodingKey {
        case message
        case userID = "user_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try? container.decode(String.self, forKey: .type)
        eventID = container.flexibleID(.eventID)
        groupID = container.flexibleID(.groupID)
        if let object = try? container.nestedContainer(keyedBy: ObjectKeys.self, forKey: .object) {
            message =
                (try? object.decode(VKMessage.self, forKey: .message))
                ?? (try? container.decode(VKMessage.self, forKey: .object))
            userID = object.flexibleID(.userID)
        }
    }
}

/// A VK message object (`messages` API): the fields a help line needs.
///
/// Only the sender is required. Older Callback API versions send `user_id` instead of `from_id`, `body`
/// instead of `text`, and no `peer_id` (in a private dialog the peer is the sender); every other field
/// may be absent or oddly typed without costing the message.
struct VKMessage: Decodable {
    var id: Int64?
    var date: Int64?
    var updateTime: Int64?
    var peerID: Int64
    var fromID: Int64
    var out: Int?
    var text: String?
    var conversationMessageID: Int64?
    var attachments: [VKAttachment]
    var geo: VKGeo?
    var forwarded: [VKForwardedMessage]

    private enum CodingKeys: String, CodingKey {
        case id, date, out, text, body, attachments, geo
        case peerID = "peer_id"
        case fromID = "from_id"
        case userID = "user_id"
        case conversationMessageID = "conversation_message_id"
        case forwarded = "fwd_messages"
        case updateTime = "update_time"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let peer = container.flexibleNumber(.peerID)
        let sender = container.flexibleNumber(.fromID) ?? container.flexibleNumber(.userID)
        // A private dialog's peer is the person; a chat's peer (2000000000 + chat id) is not a sender.
        guard let from = sender ?? peer.flatMap({ $0 < VKWebhook.firstChatPeerID ? $0 : nil }) else {
            throw DecodingError.keyNotFound(
                CodingKeys.fromID, .init(codingPath: container.codingPath, debugDescription: "no from_id, user_id or peer_id")
            )
        }
        fromID = from
        peerID = peer ?? from
        id = container.flexibleNumber(.id)
        date = container.flexibleNumber(.date)
        updateTime = container.flexibleNumber(.updateTime)
        out = container.flexibleNumber(.out).map { Int(clamping: $0) }
        text = (try? container.decode(String.self, forKey: .text)) ?? (try? container.decode(String.self, forKey: .body))
        conversationMessageID = container.flexibleNumber(.conversationMessageID)
        attachments = (try? container.decode([VKAttachment].self, forKey: .attachments)) ?? []
        geo = try? container.decode(VKGeo.self, forKey: .geo)
        forwarded = (try? container.decode([VKForwardedMessage].self, forKey: .forwarded)) ?? []
    }
}

/// A message the customer forwarded into the dialog: only its text is shown.
struct VKForwardedMessage: Decodable {
    var text: String?
}

/// A location: `coordinates` is `{latitude, longitude}` on messages and a `"lat lon"` string on wall posts.
struct VKGeo: Decodable {
    var latitude: Double?
    var longitude: Double?
    var rawCoordinates: String?
    var placeTitle: String?

    private enum CodingKeys: String, CodingKey { case coordinates, place }
    private enum CoordinateKeys: String, CodingKey { case latitude, longitude }
    private enum PlaceKeys: String, CodingKey { case title }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let coordinates = try? container.nestedContainer(keyedBy: CoordinateKeys.self, forKey: .coordinates) {
            latitude = try? coordinates.decode(Double.self, forKey: .latitude)
            longitude = try? coordinates.decode(Double.self, forKey: .longitude)
        } else if let text = try? container.decode(String.self, forKey: .coordinates) {
            rawCoordinates = text
            let parts = text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
            if parts.count == 2 {
                latitude = parts[0]
                longitude = parts[1]
            }
        }
        if let place = try? container.nestedContainer(keyedBy: PlaceKeys.self, forKey: .place) {
            placeTitle = try? place.decode(String.self, forKey: .title)
        }
    }
}

/// An image in several sizes (photo `sizes`, sticker `images`).
struct VKImage: Decodable {
    var url: String?
    var width: Int?
    var height: Int?

    private enum CodingKeys: String, CodingKey { case url, src, width, height }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = (try? container.decode(String.self, forKey: .url)) ?? (try? container.decode(String.self, forKey: .src))
        width = try? container.decode(Int.self, forKey: .width)
        height = try? container.decode(Int.self, forKey: .height)
    }

    /// The largest image by area that has a URL.
    static func largest(_ images: [VKImage]) -> VKImage? {
        images.filter { $0.url?.isEmpty == false }.max {
            ($0.width ?? 0) * ($0.height ?? 0) < ($1.width ?? 0) * ($1.height ?? 0)
        }
    }
}

/// One entry of a message's `attachments`: `{"type": "photo", "photo": {...}}`. A payload VK shapes
/// unexpectedly leaves only its type, shown to agents as `[type]`.
struct VKAttachment: Decodable {
    struct Photo: Decodable {
        var id: Int64?
        var ownerID: Int64?
        var sizes: [VKImage]?
        var original: VKImage?

        private enum CodingKeys: String, CodingKey {
            case id, sizes
            case ownerID = "owner_id"
            case original = "orig_photo"
        }
    }

    struct Document: Decodable {
        var id: Int64?
        var ownerID: Int64?
        var title: String?
        var ext: String?
        var url: String?

        private enum CodingKeys: String, CodingKey {
            case id, title, ext, url
            case ownerID = "owner_id"
        }
    }

    struct AudioMessage: Decodable {
        var id: Int64?
        var ownerID: Int64?
        var linkOgg: String?
        var linkMp3: String?

        private enum CodingKeys: String, CodingKey {
            case id
            case ownerID = "owner_id"
            case linkOgg = "link_ogg"
            case linkMp3 = "link_mp3"
        }
    }

    /// A video, wall post or graffiti: what names it on vk.com, and a URL where VK gives one.
    struct Item: Decodable {
        var id: Int64?
        var ownerID: Int64?
        var toID: Int64?
        var fromID: Int64?
        var url: String?
        var title: String?
        var artist: String?

        private enum CodingKeys: String, CodingKey {
            case id, url, title, artist
            case ownerID = "owner_id"
            case toID = "to_id"
            case fromID = "from_id"
        }
    }

    struct Sticker: Decodable {
        var stickerID: Int64?
        var images: [VKImage]?

        private enum CodingKeys: String, CodingKey {
            case images
            case stickerID = "sticker_id"
        }
    }

    enum Payload {
        case photo(Photo)
        case document(Document)
        case audioMessage(AudioMessage)
        case video(Item)
        case sticker(Sticker)
        case wall(Item)
        case link(Item)
        case graffiti(Item)
        case audio(Item)
        case geo(VKGeo)
        case other
    }

    var type: String
    var payload: Payload

    private struct TypeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: TypeKey.self),
            let type = try? container.decode(String.self, forKey: TypeKey(stringValue: "type"))
        else {
            self.type = "unknown"
            payload = .other
            return
        }
        self.type = type
        let key = TypeKey(stringValue: type)
        func read<T: Decodable>(_: T.Type) -> T? { try? container.decode(T.self, forKey: key) }
        let decoded: Payload? =
            switch type {
            case "photo": read(Photo.self).map(Payload.photo)
            case "doc": read(Document.self).map(Payload.document)
            case "audio_message": read(AudioMessage.self).map(Payload.audioMessage)
            case "video": read(Item.self).map(Payload.video)
            case "sticker": read(Sticker.self).map(Payload.sticker)
            case "wall": read(Item.self).map(Payload.wall)
            case "link": read(Item.self).map(Payload.link)
            case "graffiti": read(Item.self).map(Payload.graffiti)
            case "audio": read(Item.self).map(Payload.audio)
            case "geo": read(VKGeo.self).map(Payload.geo)
            default: nil
            }
        payload = decoded ?? .other
    }
}

extension KeyedDecodingContainer {
    /// An id VK sends as a number (or, in some payloads, as text), as text.
    /// A number VK sent as a number or as a string of digits.
    func flexibleNumber(_ key: Key) -> Int64? {
        if let number = try? decode(Int64.self, forKey: key) { return number }
        if let text = try? decode(String.self, forKey: key) { return Int64(text) }
        return nil
    }

    func flexibleID(_ key: Key) -> String? {
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        if let text = try? decode(String.self, forKey: key), !text.isEmpty { return text }
        return nil
    }
}
