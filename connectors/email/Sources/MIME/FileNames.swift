/// Names for attachments: cleaned of paths and control characters, or made up when the sender gave none.
enum FileNames {
    /// Keeps only the last path component and drops control characters; nothing left gives "".
    static func sanitized(_ name: String) -> String {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = lastComponent.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let result = String(String.UnicodeScalarView(cleaned)).trimmed()
        return result == "." || result == ".." ? "" : String(result.prefix(255))
    }

    /// `attachment-2.png` for an unnamed part of type `image/png`.
    static func fallback(for mediaType: String, number: Int) -> String {
        "attachment-\(number).\(extensions[mediaType] ?? "bin")"
    }

    /// The subject of a forwarded message, or "message", as a name for its `.eml` file.
    static func forwardedMessageName(_ data: [UInt8]) -> String {
        let (headers, _) = HeaderBlockParser.parse(data[...])
        let subject = headers.first("Subject").map { HeaderTextDecoder.utf8.decode($0).trimmed() } ?? ""
        let safe = subject.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 }
        let name = String(String(safe).prefix(100)).trimmed()
        return name.isEmpty ? "message" : name
    }

    private static let extensions: [String: String] = [
        "image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/svg+xml": "svg", "image/bmp": "bmp", "image/tiff": "tif", "image/heic": "heic",
        "application/pdf": "pdf", "application/zip": "zip", "application/msword": "doc",
        "text/plain": "txt", "text/html": "html", "text/calendar": "ics", "text/csv": "csv", "text/vcard": "vcf",
        "text/x-vcard": "vcf", "text/rfc822-headers": "txt", "message/rfc822": "eml",
        "message/delivery-status": "txt", "message/global-delivery-status": "txt",
        "message/disposition-notification": "txt", "audio/mpeg": "mp3", "audio/ogg": "ogg", "video/mp4": "mp4",
        "application/json": "json", "application/xml": "xml", "application/pgp-signature": "asc",
        "application/pkcs7-signature": "p7s",
    ]
}
