import Foundation

/// Names and types for the files Viber messages point to.
enum ViberMedia {
    enum Kind {
        case picture, video, file, sticker

        var fallbackName: String {
            switch self {
            case .picture: "photo"
            case .video: "video"
            case .file: "file"
            case .sticker: "sticker"
            }
        }

        var fallbackExtension: String? {
            switch self {
            case .picture: "jpg"
            case .video: "mp4"
            case .file: nil
            case .sticker: "png"
            }
        }
    }

    /// The file name Viber gave, made safe; otherwise `photo-<id>.jpg`, `video-<id>.mp4`, `sticker-<id>.png`
    /// or the last part of the media URL. The type follows the name's extension.
    static func file(kind: Kind, fileName: String?, url: String, id: String) -> (name: String, contentType: String) {
        let name = safeName(fileName) ?? generatedName(kind: kind, url: url, id: id)
        return (name, contentType(forName: name, kind: kind))
    }

    private static func generatedName(kind: Kind, url: String, id: String) -> String {
        let base = "\(kind.fallbackName)-\(safeName(id) ?? "media")"
        if let ext = kind.fallbackExtension { return "\(base).\(ext)" }
        if let last = URL(string: url)?.lastPathComponent, let ext = fileExtension(last), types[ext] != nil {
            return "\(base).\(ext)"
        }
        return base
    }

    /// The last path component without control characters, at most 200 characters; nil when nothing is left.
    static func safeName(_ name: String?) -> String? {
        guard let name else { return nil }
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = last.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 && scalar.value != 0x7F && !scalar.properties.isDefaultIgnorableCodePoint
        }
        let cleaned = String(String.UnicodeScalarView(printable)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !cleaned.isEmpty, cleaned != ".", cleaned != ".." else { return nil }
        return String(cleaned.prefix(200))
    }

    static func contentType(forName name: String, kind: Kind) -> String {
        if let ext = fileExtension(name), let type = types[ext] { return type }
        return switch kind {
        case .picture: "image/jpeg"
        case .video: "video/mp4"
        case .sticker: "image/png"
        case .file: "application/octet-stream"
        }
    }

    private static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    static let types: [String: String] = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
        "heic": "image/heic", "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff",
        "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "3gp": "video/3gpp", "webm": "video/webm",
        "avi": "video/x-msvideo", "mkv": "video/x-matroska",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "ogg": "audio/ogg", "oga": "audio/ogg",
        "opus": "audio/opus", "wav": "audio/wav", "amr": "audio/amr", "flac": "audio/flac",
        "pdf": "application/pdf", "txt": "text/plain", "csv": "text/csv", "rtf": "application/rtf",
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "zip": "application/zip", "rar": "application/vnd.rar", "7z": "application/x-7z-compressed",
        "json": "application/json", "xml": "application/xml",
    ]
}
