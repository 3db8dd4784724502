/// Decides the content type stored with an uploaded file.
///
/// The browser's guess is kept when it looks like a media type (`type/subtype`, optional
/// parameters, at most 255 visible ASCII characters); anything else, or nothing, becomes
/// `application/octet-stream`, the type that makes no promises.
enum AttachmentContentType {
    static let fallback = "application/octet-stream"

    static func clean(_ header: String?) -> String {
        guard let header, header.utf8.count <= 255,
            header.unicodeScalars.allSatisfy({ $0 == " " || (0x21...0x7E).contains($0.value) }),
            let mediaType = MediaType(header),
            mediaType.essence.unicodeScalars.allSatisfy(isTokenOrSlash)
        else { return fallback }
        return normalized(header, essence: mediaType.essence)
    }

    private static func normalized(_ header: String, essence: String) -> String {
        guard let semicolon = header.firstIndex(of: ";") else { return essence }
        return essence + header[semicolon...]
    }

    private static func isTokenOrSlash(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "/" { return true }
        let separators = "()<>@,;:\\\"[]?={} \t"
        return (0x21...0x7E).contains(scalar.value) && !separators.unicodeScalars.contains(scalar)
    }
}
