import Foundation
import SwitchboardCore

/// What agents see of a VK message: its text plus one line for each thing that has no file (a video,
/// a wall post, a link, a location), and the files as remote attachments fetched later by URL.
struct VKMessageContent: Equatable {
    var content: String
    var attachments: [InboundAttachment]

    init(_ message: VKMessage) {
        var lines: [String] = []
        var files: [InboundAttachment] = []
        let text = message.text ?? ""
        if !text.isEmpty { lines.append(text) }

        for attachment in message.attachments {
            switch attachment.payload {
            case .photo(let photo):
                let candidates = (photo.sizes ?? []) + [photo.original].compactMap { $0 }
                if let url = VKImage.largest(candidates)?.url {
                    let name = "photo\(Self.handle(photo.ownerID, photo.id) ?? "")"
                    let type = VKMediaType.imageType(url: url)
                    files.append(
                        .remote(
                            name: name + "." + VKMediaType.fileExtension(for: type), contentType: type, reference: url))
                } else {
                    lines.append("[photo]")
                }
            case .document(let document):
                if let url = document.url, !url.isEmpty {
                    let name = Self.documentName(document)
                    files.append(.remote(name: name, contentType: VKMediaType.type(forFileName: name), reference: url))
                } else {
                    lines.append("[document\(document.title.map { ": \($0)" } ?? "")]")
                }
            case .audioMessage(let voice):
                let handle = Self.handle(voice.ownerID, voice.id) ?? ""
                if let url = voice.linkOgg, !url.isEmpty {
                    files.append(.remote(name: "voice\(handle).ogg", contentType: "audio/ogg", reference: url))
                } else if let url = voice.linkMp3, !url.isEmpty {
                    files.append(.remote(name: "voice\(handle).mp3", contentType: "audio/mpeg", reference: url))
                } else {
                    lines.append("[voice message]")
                }
            case .video(let video):
                if let handle = Self.handle(video.ownerID, video.id) {
                    lines.append("Video: https://vk.com/video\(handle)")
                } else {
                    lines.append("[video]")
                }
            case .sticker(let sticker):
                lines.append("[sticker]")
                if let url = VKImage.largest(sticker.images ?? [])?.url {
                    let name = "sticker\(sticker.stickerID.map(String.init) ?? "").png"
                    files.append(.remote(name: name, contentType: "image/png", reference: url))
                }
            case .wall(let post):
                if let handle = Self.handle(post.ownerID ?? post.toID ?? post.fromID, post.id) {
                    lines.append("Wall post: https://vk.com/wall\(handle)")
                } else {
                    lines.append("[wall post]")
                }
            case .link(let link):
                if let url = link.url, !url.isEmpty {
                    if !text.contains(url) {
                        let title = link.title.flatMap { $0.isEmpty ? nil : $0 }
                        lines.append("Link: " + (title.map { "\($0) " } ?? "") + url)
                    }
                } else {
                    lines.append("[link]")
                }
            case .graffiti(let graffiti):
                if let url = graffiti.url, !url.isEmpty {
                    let name = "graffiti\(Self.handle(graffiti.ownerID, graffiti.id) ?? "").png"
                    files.append(.remote(name: name, contentType: "image/png", reference: url))
                } else {
                    lines.append("[graffiti]")
                }
            case .audio(let audio):
                let title = [audio.artist, audio.title].compactMap { $0 }.filter { !$0.isEmpty }.joined(
                    separator: " — ")
                lines.append(title.isEmpty ? "[audio]" : "Audio: \(title)")
            case .geo(let geo):
                lines.append(contentsOf: Self.locationLines(geo))
            case .other:
                lines.append("[\(attachment.type.replacingOccurrences(of: "_", with: " "))]")
            }
        }
        if let geo = message.geo { lines.append(contentsOf: Self.locationLines(geo)) }
        for forwarded in message.forwarded {
            if let text = forwarded.text, !text.isEmpty { lines.append("Forwarded message: \(text)") }
        }
        content = lines.joined(separator: "\n")
        attachments = files
    }

    /// `<owner_id>_<id>`, how vk.com names photos, videos, posts and documents.
    static func handle(_ ownerID: Int64?, _ id: Int64?) -> String? {
        guard let ownerID, let id else { return nil }
        return "\(ownerID)_\(id)"
    }

    /// "Location: 55.7558, 37.6173 (place)" and a map link; the raw text when VK's coordinates are unreadable.
    static func locationLines(_ geo: VKGeo) -> [String] {
        let place = geo.placeTitle.flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
        guard let latitude = geo.latitude, let longitude = geo.longitude else {
            return ["Location: \(geo.rawCoordinates ?? "unknown")\(place)"]
        }
        return [
            "Location: \(latitude), \(longitude)\(place)",
            "https://www.openstreetmap.org/?mlat=\(latitude)&mlon=\(longitude)#map=16/\(latitude)/\(longitude)",
        ]
    }

    /// The document's title with its extension, safe as a file name.
    static func documentName(_ document: VKAttachment.Document) -> String {
        let ext = (document.ext ?? "").lowercased()
        var name = (document.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        name = String(name.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == "\"" ? "_" : $0 })
        if name.isEmpty { name = "document\(handle(document.ownerID, document.id) ?? "")" }
        if !ext.isEmpty, !name.lowercased().hasSuffix("." + ext) { name += "." + ext }
        return name
    }
}
