import Foundation
import SwitchboardCore

/// What agents see of a Telegram message: its text and the files it refers to.
///
/// Text is the message text or the media caption. Location, venue, shared contact, sticker, poll and
/// dice become one readable line each. Files stay on Telegram as `file_id` references until the
/// media worker downloads them. A media message without caption has empty text.
struct MessageContent: Equatable {
    var text: String
    var attachments: [InboundAttachment]

    /// Content kinds a customer can send that this connector does not render; such a message is still
    /// stored, with a line saying what it was, so nobody's request disappears.
    static let unsupportedKinds: [String] = [
        "animation", "game", "story", "invoice", "paid_media", "giveaway", "giveaway_winners", "checklist",
        "users_shared", "chat_shared", "web_app_data", "successful_payment", "refunded_payment", "gift",
        "unique_gift",
    ]

    init(_ message: TelegramMessage) {
        let id = message.messageID
        var lines: [String] = []
        var attachments: [InboundAttachment] = []

        if let body = message.text ?? message.caption, !body.isEmpty {
            lines.append(body)
        }
        if let photo = message.photo?.max(by: { Self.area($0) < Self.area($1) }) {
            attachments.append(.remote(name: "photo-\(id).jpg", contentType: "image/jpeg", reference: photo.fileID))
        }
        if let document = message.document {
            attachments.append(Self.file(document, stem: "document-\(id)", defaultType: "application/octet-stream"))
        }
        if let voice = message.voice {
            attachments.append(Self.file(voice, stem: "voice-\(id)", defaultType: "audio/ogg"))
        }
        if let audio = message.audio {
            attachments.append(Self.file(audio, stem: "audio-\(id)", defaultType: "audio/mpeg"))
        }
        if let video = message.video {
            attachments.append(Self.file(video, stem: "video-\(id)", defaultType: "video/mp4"))
        }
        if let note = message.videoNote {
            attachments.append(Self.file(note, stem: "video-note-\(id)", defaultType: "video/mp4"))
        }
        if let sticker = message.sticker {
            lines.append(sticker.emoji.map { "[sticker \($0)]" } ?? "[sticker]")
            attachments.append(Self.stickerFile(sticker, stem: "sticker-\(id)"))
        }
        if let venue = message.venue {
            lines.append("Venue: \(venue.title), \(venue.address)")
            lines.append(contentsOf: Self.locationLines(venue.location))
        } else if let location = message.location {
            lines.append(contentsOf: Self.locationLines(location))
        }
        if let contact = message.contact {
            let name = [contact.firstName, contact.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            lines.append("Contact: \(name), \(contact.phoneNumber)")
        }
        if let poll = message.poll {
            lines.append("[poll] \(poll.question)")
        }
        if let dice = message.dice {
            lines.append("[dice \(dice.emoji) \(dice.value)]")
        }
        if lines.isEmpty, attachments.isEmpty,
            let kind = Self.unsupportedKinds.first(where: message.fieldNames.contains)
        {
            lines.append("[unsupported Telegram message: \(kind.replacingOccurrences(of: "_", with: " "))]")
        }
        self.text = lines.joined(separator: "\n")
        self.attachments = attachments
    }

    var isEmpty: Bool { text.isEmpty && attachments.isEmpty }

    /// "Location: 55.7558, 37.6173" and a link that opens the point on a map.
    static func locationLines(_ location: TelegramLocation) -> [String] {
        let latitude = coordinate(location.latitude)
        let longitude = coordinate(location.longitude)
        return ["Location: \(latitude), \(longitude)", "https://maps.google.com/?q=\(latitude),\(longitude)"]
    }

    /// Degrees with at most six decimals (about 10 cm), without trailing zeros or exponent notation.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    private static func area(_ size: TelegramPhotoSize) -> (Int, Int) {
        (size.width * size.height, size.fileSize ?? 0)
    }

    private static func file(_ file: TelegramFile, stem: String, defaultType: String) -> InboundAttachment {
        let type = file.mimeType.flatMap { $0.isEmpty ? nil : $0 } ?? defaultType
        let name = file.fileName.flatMap(safeFileName) ?? stem + fileExtension(for: type)
        return .remote(name: name, contentType: type, reference: file.fileID)
    }

    private static func stickerFile(_ sticker: TelegramSticker, stem: String) -> InboundAttachment {
        if sticker.isVideo {
            return .remote(name: stem + ".webm", contentType: "video/webm", reference: sticker.fileID)
        }
        if sticker.isAnimated {
            return .remote(name: stem + ".tgs", contentType: "application/x-tgsticker", reference: sticker.fileID)
        }
        return .remote(name: stem + ".webp", contentType: "image/webp", reference: sticker.fileID)
    }

    /// The sender's file name without path separators or control characters; nil when nothing is left.
    static func safeFileName(_ name: String) -> String? {
        let cleaned = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control
                    ? "_" : Character(scalar)
            }
        ).trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty, cleaned != ".", cleaned != ".." else { return nil }
        return String(cleaned.prefix(200))
    }

    static func fileExtension(for contentType: String) -> String {
        let known: [String: String] = [
            "application/pdf": ".pdf", "application/zip": ".zip", "text/plain": ".txt",
            "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
            "audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/x-m4a": ".m4a",
            "video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm",
        ]
        let bare = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return known[bare.lowercased()] ?? ""
    }
}
