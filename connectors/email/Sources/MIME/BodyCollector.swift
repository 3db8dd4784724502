/// Walks a MIME tree and sorts its leaves into body text, HTML and attachments.
///
/// Text parts without a file name make up the body (several of them, as mailing-list footers, are joined);
/// anything with a file name, any other type, and forwarded messages become attachments. Alternatives need no
/// special case: the plain text and the HTML of one message land in their own lists.
struct BodyCollector {
    let decoder: HeaderTextDecoder
    private(set) var plainParts: [String] = []
    private(set) var htmlParts: [String] = []
    private(set) var attachments: [ParsedAttachment] = []
    /// Text parts named only by `Content-Type: …; name=` and not marked as attachments: kept as files,
    /// and read as the body when the message has no other text (old mailers name every part so).
    private(set) var namedPlainParts: [String] = []

    init(decoder: HeaderTextDecoder) {
        self.decoder = decoder
    }

    mutating func collect(_ entity: MIMEEntity) {
        if entity.isMultipart, !entity.parts.isEmpty {
            for part in entity.parts { collect(part) }
            return
        }
        let disposition = entity.disposition
        let fileName =
            disposition?.parameter("filename", decoder: decoder)
            ?? entity.contentType.parameter("name", decoder: decoder)
        let isAttachment = disposition?.value == "attachment" || fileName != nil
        switch entity.mediaType {
        case "text/plain" where !isAttachment:
            plainParts.append(BodyText.plain(entity))
        case "text/html" where !isAttachment:
            htmlParts.append(BodyText.html(entity))
        default:
            if entity.isMultipart, entity.body.allSatisfy(ASCII.isWhitespace) { return }
            if entity.mediaType == "text/plain", disposition == nil { namedPlainParts.append(BodyText.plain(entity)) }
            attachments.append(attachment(entity, fileName: fileName, disposition: disposition))
        }
    }

    private func attachment(_ entity: MIMEEntity, fileName: String?, disposition: HeaderParameters?)
        -> ParsedAttachment
    {
        let data = entity.decodedBody
        let contentID = entity.headers.plain("Content-ID").flatMap { MessageIDList.parse($0).first ?? nilIfEmpty($0) }
        let isInline = disposition?.value == "inline" || (disposition == nil && contentID != nil)
        var name = fileName.map(FileNames.sanitized) ?? ""
        if entity.mediaType == "message/rfc822" {
            if name.isEmpty { name = FileNames.sanitized(FileNames.forwardedMessageName(data)) }
            if !name.lowercased().hasSuffix(".eml") { name += ".eml" }
        }
        if name.isEmpty { name = FileNames.fallback(for: entity.mediaType, number: attachments.count + 1) }
        return ParsedAttachment(
            name: name, contentType: entity.mediaType, data: data, contentID: contentID, isInline: isInline)
    }

    private func nilIfEmpty(_ value: String) -> String? {
        let trimmed = value.trimming(charactersIn: "<> ")
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Decodes text parts into Swift strings with Unix line breaks.
enum BodyText {
    static func plain(_ entity: MIMEEntity) -> String {
        let text = normalizeLineBreaks(CharsetDecoder.decode(entity.decodedBody, charset: charset(entity)))
        guard entity.contentType.parameter("format")?.lowercased() == "flowed" else { return text }
        let deleteSpace = entity.contentType.parameter("delsp")?.lowercased() == "yes"
        return FlowedText.unflow(text, deleteSpace: deleteSpace)
    }

    static func html(_ entity: MIMEEntity) -> String {
        let bytes = entity.decodedBody
        let declared = charset(entity) ?? metaCharset(bytes)
        return normalizeLineBreaks(CharsetDecoder.decode(bytes, charset: declared))
    }

    static func charset(_ entity: MIMEEntity) -> String? {
        entity.contentType.parameter("charset").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The charset an HTML document names in a `<meta>` tag near its start.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(2048)
        guard let found = head.firstRange(ofCaseInsensitive: Array("charset=".utf8), from: head.startIndex) else {
            return nil
        }
        var start = found.upperBound
        while start < head.endIndex, head[start] == ASCII.quote || head[start] == ASCII.apostrophe { start += 1 }
        var end = start
        while end < head.endIndex, !ASCII.isWhitespace(head[end]),
            ![ASCII.quote, ASCII.apostrophe, ASCII.semicolon, ASCII.greaterThan, UInt8(ascii: "/")].contains(head[end])
        {
            end += 1
        }
        return end > start ? CharsetDecoder.lossyUTF8(head[start..<end]) : nil
    }

    static func normalizeLineBreaks(_ text: String) -> String {
        // "\r\n" is one Character in Swift, so look at the bytes.
        guard text.utf8.contains(ASCII.carriageReturn) else { return text }
        return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
