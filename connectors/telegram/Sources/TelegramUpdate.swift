import Foundation
import SwitchboardCore

/// One `Update` as the Bot API posts it to a webhook (https://core.telegram.org/bots/api#update).
///
/// Only the kinds the inbox acts on are decoded; `kinds` names whatever the update carried, so an
/// unhandled one can be acknowledged with a reason.
struct TelegramUpdate: Decodable {
    var updateID: Int64?
    var message: TelegramMessage?
    var editedMessage: TelegramMessage?
    var myChatMember: TelegramChatMemberUpdated?
    /// The update's object fields (`message`, `channel_post`, `my_chat_member`, …): exactly one in
    /// practice, naming its type. Plain fields some senders add (`bid`, `callback_token`) are not kinds.
    var kinds: [String]

    enum CodingKeys: String, CodingKey {
        case updateID = "update_id"
        case message
        case editedMessage = "edited_message"
        case myChatMember = "my_chat_member"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        updateID = try container.decodeIfPresent(Int64.self, forKey: .updateID)
        message = try container.decodeIfPresent(TelegramMessage.self, forKey: .message)
        editedMessage = try container.decodeIfPresent(TelegramMessage.self, forKey: .editedMessage)
        myChatMember = try container.decodeIfPresent(TelegramChatMemberUpdated.self, forKey: .myChatMember)
        let fields = try decoder.container(keyedBy: AnyCodingKey.self)
        kinds = fields.allKeys.filter { (try? fields.decode([String: JSONValue].self, forKey: $0)) != nil }
            .map(\.stringValue).sorted()
    }
}

/// A message in a chat with the bot (https://core.telegram.org/bots/api#message).
struct TelegramMessage: Decodable {
    var messageID: Int64
    /// Unix time the message was sent.
    var date: Int64
    var editDate: Int64?
    var chat: TelegramChat
    var from: TelegramUser?
    var text: String?
    var caption: String?
    /// The same picture in several sizes, smallest first.
    var photo: [TelegramPhotoSize]?
    var document: TelegramFile?
    var voice: TelegramFile?
    var audio: TelegramFile?
    var video: TelegramFile?
    var videoNote: TelegramFile?
    var sticker: TelegramSticker?
    var location: TelegramLocation?
    var venue: TelegramVenue?
    var contact: TelegramContact?
    var poll: TelegramPoll?
    var dice: TelegramDice?
    /// Every field name the message carried, to name content this connector does not render.
    var fieldNames: Set<String>

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case date
        case editDate = "edit_date"
        case chat, from, text, caption, photo, document, voice, audio, video
        case videoNote = "video_note"
        case sticker, location, venue, contact, poll, dice
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try container.decode(Int64.self, forKey: .messageID)
        date = try container.decode(Int64.self, forKey: .date)
        editDate = try container.decodeIfPresent(Int64.self, forKey: .editDate)
        chat = try container.decode(TelegramChat.self, forKey: .chat)
        from = try container.decodeIfPresent(TelegramUser.self, forKey: .from)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        caption = try container.decodeIfPresent(String.self, forKey: .caption)
        photo = try container.decodeIfPresent([TelegramPhotoSize].self, forKey: .photo)
        document = try container.decodeIfPresent(TelegramFile.self, forKey: .document)
        voice = try container.decodeIfPresent(TelegramFile.self, forKey: .voice)
        audio = try container.decodeIfPresent(TelegramFile.self, forKey: .audio)
        video = try container.decodeIfPresent(TelegramFile.self, forKey: .video)
        videoNote = try container.decodeIfPresent(TelegramFile.self, forKey: .videoNote)
        sticker = try container.decodeIfPresent(TelegramSticker.self, forKey: .sticker)
        location = try container.decodeIfPresent(TelegramLocation.self, forKey: .location)
        venue = try container.decodeIfPresent(TelegramVenue.self, forKey: .venue)
        contact = try container.decodeIfPresent(TelegramContact.self, forKey: .contact)
        poll = try container.decodeIfPresent(TelegramPoll.self, forKey: .poll)
        dice = try container.decodeIfPresent(TelegramDice.self, forKey: .dice)
        fieldNames = Set(try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue))
    }
}

struct TelegramChat: Decodable {
    var id: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    var type: String
    var firstName: String?
    var lastName: String?
    var username: String?

    enum CodingKeys: String, CodingKey {
        case id, type, username
        case firstName = "first_name"
        case lastName = "last_name"
    }
}

struct TelegramUser: Decodable {
    var id: Int64
    var firstName: String?
    var lastName: String?
    var username: String?
    /// IETF language tag of the user's Telegram app.
    var languageCode: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case firstName = "first_name"
        case lastName = "last_name"
        case languageCode = "language_code"
    }
}

struct TelegramPhotoSize: Decodable {
    var fileID: String
    var width: Int
    var height: Int
    var fileSize: Int?

    enum CodingKeys: String, CodingKey {
        case width, height
        case fileID = "file_id"
        case fileSize = "file_size"
    }
}

/// The fields `Document`, `Voice`, `Audio`, `Video` and `VideoNote` share.
struct TelegramFile: Decodable {
    var fileID: String
    var fileName: String?
    var mimeType: String?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileName = "file_name"
        case mimeType = "mime_type"
    }
}

struct TelegramSticker: Decodable {
    var fileID: String
    var emoji: String?
    var isAnimated: Bool
    var isVideo: Bool

    enum CodingKeys: String, CodingKey {
        case emoji
        case fileID = "file_id"
        case isAnimated = "is_animated"
        case isVideo = "is_video"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fileID = try container.decode(String.self, forKey: .fileID)
        emoji = try container.decodeIfPresent(String.self, forKey: .emoji)
        isAnimated = try container.decodeIfPresent(Bool.self, forKey: .isAnimated) ?? false
        isVideo = try container.decodeIfPresent(Bool.self, forKey: .isVideo) ?? false
    }
}

struct TelegramLocation: Decodable {
    var latitude: Double
    var longitude: Double
}

struct TelegramVenue: Decodable {
    var location: TelegramLocation
    var title: String
    var address: String
}

/// A phone contact the user shared.
struct TelegramContact: Decodable {
    var phoneNumber: String
    var firstName: String
    var lastName: String?

    enum CodingKeys: String, CodingKey {
        case phoneNumber = "phone_number"
        case firstName = "first_name"
        case lastName = "last_name"
    }
}

struct TelegramPoll: Decodable {
    var question: String
}

struct TelegramDice: Decodable {
    var emoji: String
    var value: Int
}

/// The bot's own membership in a chat changed (https://core.telegram.org/bots/api#chatmemberupdated);
/// in a private chat this is the user blocking or restarting the bot.
struct TelegramChatMemberUpdated: Decodable {
    struct Member: Decodable {
        /// `creator`, `administrator`, `member`, `restricted`, `left` or `kicked`.
        var status: String
    }

    var chat: TelegramChat
    var date: Int64?
    var newChatMember: Member

    enum CodingKeys: String, CodingKey {
        case chat, date
        case newChatMember = "new_chat_member"
    }
}

/// Any field name, to list what an object carried.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
