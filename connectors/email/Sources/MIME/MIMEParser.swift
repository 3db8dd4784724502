/// Reads a raw RFC 5322 / MIME message into a `ParsedEmail`.
///
/// Built for mail as it really arrives: folded and 8-bit headers, encoded words in any charset, nested multiparts,
/// broken boundaries, truncated base64, missing header/body separators. It returns the best reading it can and
/// throws only when there is nothing to read: empty input, or input over `maximumMessageBytes` (the connector's
/// own, usually smaller, `max_message_bytes` limit is checked before parsing).
public enum MIMEParser {
    /// The largest message the parser accepts: 100 MiB.
    public static let maximumMessageBytes = 100 * 1024 * 1024
    /// How deep multiparts may nest before deeper ones are kept as opaque parts.
    public static let maximumNestingDepth = 32

    public static func parse(_ raw: [UInt8]) throws(MIMEError) -> ParsedEmail {
        guard raw.count <= maximumMessageBytes else {
            throw .tooLarge(bytes: raw.count, limit: maximumMessageBytes)
        }
        guard raw.contains(where: { !ASCII.isWhitespace($0) }) else { throw .empty }
        let root = EntityParser.parseMessage(raw[...])
        let decoder = HeaderTextDecoder(fallbackCharset: fallbackCharset(root))
        let headers = root.headers
        var body = BodyCollector(decoder: decoder)
        body.collect(root)

        let from = addresses("From", headers, decoder).first
        let subject = headers.first("Subject").map { decoder.decode($0).trimmed() }
        let shown = shownText(body)
        // What a forward passes on is what the sender wants read, so it stays text.
        let isForward = subject.map(SubjectNormalizer.isForward) ?? false
        let (text, quoted) = isForward ? (shown.trimmed(), nil) : QuoteSeparator.separate(shown)
        let html = body.htmlParts.isEmpty ? nil : body.htmlParts.joined(separator: "\n")
        return ParsedEmail(
            messageID: headers.plain("Message-ID").flatMap(MessageIDList.first),
            inReplyTo: headers.all("In-Reply-To").flatMap { MessageIDList.parse(CharsetDecoder.lossyUTF8($0)) },
            references: headers.all("References").flatMap { MessageIDList.parse(CharsetDecoder.lossyUTF8($0)) },
            subject: subject,
            from: from,
            to: addresses("To", headers, decoder),
            cc: addresses("Cc", headers, decoder),
            replyTo: addresses("Reply-To", headers, decoder),
            date: headers.plain("Date").flatMap(MailDate.parse),
            text: text,
            quotedHistory: quoted,
            html: html,
            attachments: body.attachments,
            automation: AutomationDetector.detect(headers: headers, from: from, root: root),
            headerFields: headers.fields.map {
                EmailHeaderField(name: $0.name, value: decoder.decode($0.value).trimmed())
            }
        )
    }

    /// The plain text when there is any, otherwise the text of the HTML, otherwise the text parts that
    /// carry a name but are not marked as attachments (what Python's `email` package reads as the body).
    private static func shownText(_ body: BodyCollector) -> String {
        let plain = body.plainParts.map { $0.trimmed() }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !plain.isEmpty { return plain }
        let html = body.htmlParts.map(HTMLText.plainText(fromHTML:)).filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !html.isEmpty { return html }
        return body.namedPlainParts.map { $0.trimmed() }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    private static func addresses(_ name: String, _ headers: RawHeaders, _ decoder: HeaderTextDecoder)
        -> [EmailAddress]
    {
        headers.all(name).flatMap { AddressListParser.parse($0, decoder: decoder) }
    }

    /// The first charset a text part declares: how to read raw 8-bit bytes in headers.
    private static func fallbackCharset(_ root: MIMEEntity) -> String? {
        var found: String?
        root.forEach { entity in
            if found == nil, entity.mediaType.hasPrefix("text/"), let charset = BodyText.charset(entity),
                CharsetDecoder.canonicalName(charset) != "UTF-8"
            {
                found = charset
            }
        }
        return found
    }
}
