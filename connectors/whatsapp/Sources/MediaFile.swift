import Foundation
import SwitchboardCore

/// The attachment of a media message: Meta sends only a media id, the worker downloads it later.
enum MediaFile {
    /// nil without a media id. Names are what the customer would call the file: the document's own name,
    /// otherwise `photo.jpg`, `voice.ogg`, `video.mp4`, `sticker.webp` and so on.
    static func attachment(type: String, media: JSONValue) -> InboundAttachment? {
        guard let id = media["id"]?.text else { return nil }
        let contentType = media["mime_type"]?.text ?? defaultContentType(type)
        let ext = fileExtension(contentType)
        let name: String
        switch type {
        case "document":
            name = media["filename"]?.text.flatMap(sanitizedFileName) ?? "document.\(ext)"
        case "image":
            name = "photo.\(ext)"
        case "audio" where media["voice"] == .bool(true), "voice":
            name = "voice.\(ext)"
        default:
            name = "\(type).\(ext)"
        }
        return .remote(name: name, contentType: contentType, reference: id)
    }

    static func defaultContentType(_ type: String) -> String {
        switch type {
        case "image": "image/jpeg"
        case "video": "video/mp4"
        case "audio", "voice": "audio/ogg"
        case "sticker": "image/webp"
        default: "application/octet-stream"
        }
    }

    /// The type without parameters, lower-cased: `audio/ogg; codecs=opus` → `audio/ogg`.
    static func baseType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func fileExtension(_ contentType: String) -> String {
        switch baseType(contentType) {
        case "image/jpeg": "jpg"
        case "image/png": "png"
        case "image/webp": "webp"
        case "video/mp4": "mp4"
        case "video/3gpp": "3gp"
        case "audio/ogg", "audio/opus": "ogg"
        case "audio/mpeg": "mp3"
        case "audio/aac": "aac"
        case "audio/amr": "amr"
        case "audio/mp4": "m4a"
        case "application/pdf": "pdf"
        case "text/plain": "txt"
        case "application/msword": "doc"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"
        case "application/vnd.ms-excel": "xls"
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx"
        case "application/vnd.ms-powerpoint": "ppt"
        case "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx"
        default: "bin"
        }
    }

    /// The last path component without control characters, at most 200 characters; nil when nothing is left.
    static func sanitizedFileName(_ raw: String) -> String? {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter(isPrintable)))
        let trimmed = printable.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != ".", trimmed != ".." else { return nil }
        return String(trimmed.prefix(200))
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: false
        default: true
        }
    }
}
