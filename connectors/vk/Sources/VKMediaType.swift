import Foundation

/// MIME types for the files VK refers to by URL, guessed from a name's extension (VK sends none).
enum VKMediaType {
    static let byExtension: [String: String] = [
        "pdf": "application/pdf", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "rtf": "application/rtf", "txt": "text/plain", "csv": "text/csv", "json": "application/json",
        "xml": "application/xml", "zip": "application/zip", "rar": "application/vnd.rar",
        "7z": "application/x-7z-compressed", "gz": "application/gzip", "epub": "application/epub+zip",
        "djvu": "image/vnd.djvu", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
        "webp": "image/webp", "heic": "image/heic", "bmp": "image/bmp", "svg": "image/svg+xml",
        "mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "wav": "audio/wav",
        "m4a": "audio/mp4", "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
        "avi": "video/x-msvideo", "mkv": "video/x-matroska",
    ]

    /// The type a file name's extension implies; `application/octet-stream` when unknown.
    static func type(forFileName name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// The type of a photo from its URL's path (`…/abc.png?size=…`); VK photos are JPEG unless it says otherwise.
    static func imageType(url: String) -> String {
        let path = URLComponents(string: url)?.path ?? ""
        let type = self.type(forFileName: (path as NSString).lastPathComponent)
        return type.hasPrefix("image/") ? type : "image/jpeg"
    }

    /// The usual extension for an image type.
    static func fileExtension(for type: String) -> String {
        switch type {
        case "image/png": "png"
        case "image/gif": "gif"
        case "image/webp": "webp"
        case "image/heic": "heic"
        case "image/bmp": "bmp"
        default: "jpg"
        }
    }
}
