import Foundation
import SwitchboardCore

/// What agents see of one Viber message: its text and the files still to be fetched.
///
/// Captions and texts are kept as written. A picture, video or file without caption gets empty content
/// (the attachment carries it); a location reads `Location: lat, lon` with a map link; a shared contact
/// `Contact: Name, +phone`; a sticker `[sticker]` with its image attached.
struct ViberMessageContent: Equatable {
    var text: String
    var attachments: [InboundAttachment]

    init(_ message: ViberMessage, token: String) {
        let caption = message.text ?? ""
        switch message.type ?? "" {
        case "text":
            self.init(text: caption)
        case "picture":
            self.init(text: caption, media: message, kind: .picture, token: token)
        case "video":
            self.init(text: caption, media: message, kind: .video, token: token)
        case "file":
            self.init(text: caption, media: message, kind: .file, token: token)
        case "sticker":
            self.init(text: "[sticker]", media: message, kind: .sticker, token: token)
        case "location":
            self.init(text: Self.location(message.location))
        case "contact":
            self.init(text: Self.contact(message.contact))
        case "url":
            self.init(text: message.media ?? caption)
        default:
            let type = message.type ?? "unknown"
            let text = caption.isEmpty ? "[Viber \(type) message]" : caption
            self.init(text: text, media: message, kind: .file, token: token)
        }
    }

    init(text: String, attachments: [InboundAttachment] = []) {
        self.text = text
        self.attachments = attachments
    }

    private init(text: String, media message: ViberMessage, kind: ViberMedia.Kind, token: String) {
        guard let url = message.media, !url.isEmpty else {
            self.init(text: text)
            return
        }
        let stickerID = message.stickerID?.text
        let file = ViberMedia.file(kind: kind, fileName: message.fileName, url: url, id: stickerID ?? token)
        self.init(text: text, attachments: [.remote(name: file.name, contentType: file.contentType, reference: url)])
    }

    static func location(_ location: ViberMessage.Location?) -> String {
        guard let lat = location?.lat, let lon = location?.lon else {
            return location?.address.map { "Location: \($0)" } ?? "[location]"
        }
        let latText = coordinate(lat)
        let lonText = coordinate(lon)
        var lines = ["Location: \(latText), \(lonText)"]
        if let address = location?.address, !address.isEmpty { lines.append(address) }
        lines.append("https://www.openstreetmap.org/?mlat=\(latText)&mlon=\(lonText)#map=17/\(latText)/\(lonText)")
        return lines.joined(separator: "\n")
    }

    static func contact(_ contact: ViberMessage.SharedContact?) -> String {
        let parts = [contact?.name, contact?.phoneNumber].compactMap { value -> String? in
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        return parts.isEmpty ? "[contact]" : "Contact: " + parts.joined(separator: ", ")
    }

    /// Plain decimal degrees with up to six places: `55.7558`, never `5.5e-05`.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
