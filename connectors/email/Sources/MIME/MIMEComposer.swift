import SwitchboardCore

/// Builds the raw bytes of an outgoing email.
///
/// Output is what strict servers and old clients accept: CRLF line ends, `MIME-Version: 1.0`, UTF-8 everywhere,
/// encoded words for non-ASCII subjects and names, header lines within 76 characters where they can be folded,
/// quoted-printable or base64 bodies (whichever is smaller), `multipart/alternative` when there is HTML and
/// `multipart/mixed` around it when there are attachments.
public enum MIMEComposer {
    public static func compose(_ mail: OutgoingEmail) -> [UInt8] {
        var head = ""
        head += HeaderEncoding.fold(name: "From", words: HeaderEncoding.mailbox(mail.from))
        if !mail.to.isEmpty { head += HeaderEncoding.fold(name: "To", words: HeaderEncoding.mailboxList(mail.to)) }
        if !mail.cc.isEmpty { head += HeaderEncoding.fold(name: "Cc", words: HeaderEncoding.mailboxList(mail.cc)) }
        if let replyTo = mail.replyTo {
            head += HeaderEncoding.fold(name: "Reply-To", words: HeaderEncoding.mailbox(replyTo))
        }
        head += HeaderEncoding.fold(name: "Subject", words: HeaderEncoding.text(mail.subject))
        head += HeaderEncoding.field("Date", MailDate.format(mail.date))
        head += HeaderEncoding.field("Message-ID", bracketed(mail.messageID))
        if let inReplyTo = mail.inReplyTo { head += HeaderEncoding.field("In-Reply-To", bracketed(inReplyTo)) }
        if !mail.references.isEmpty {
            head += HeaderEncoding.fold(name: "References", words: mail.references.map(bracketed))
        }
        head += "MIME-Version: 1.0\r\n"
        for (name, value) in mail.extraHeaders {
            let cleanName = name.filter { $0.isASCII && !$0.isWhitespace && $0 != ":" }
            guard !cleanName.isEmpty else { continue }
            head += HeaderEncoding.fold(name: cleanName, words: HeaderEncoding.text(value))
        }
        var output = Array(head.utf8)
        output += body(mail)
        return output
    }

    /// An HTML version of plain text: escaped, blank-line paragraphs as `<p>`, single line breaks as `<br>`,
    /// and web addresses as links (a survey's rating links must be clickable in the HTML part too).
    public static func htmlFromText(_ text: String) -> String {
        let normalized = BodyText.normalizeLineBreaks(text).trimmed()
        let paragraphs = normalized.split(separator: "\n\n", omittingEmptySubsequences: true)
            .map { $0.trimmed() }
            .filter { !$0.isEmpty }
            .map { paragraph in
                "<p>"
                    + paragraph.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { linkedHTML(String($0)) }.joined(separator: "<br>\n") + "</p>"
            }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
            + paragraphs.joined(separator: "\n") + "\n</body></html>\n"
    }

    /// One escaped line with each `http://` or `https://` address made a link; punctuation that ends
    /// a sentence after an address stays outside it.
    static func linkedHTML(_ line: String) -> String {
        var html = ""
        var rest = Substring(line)
        while let match = rest.firstMatch(of: /https?:\/\/[^\s<>"]+/) {
            var address = match.output[...]
            while let last = address.last, ".,;:!?)".contains(last) { address = address.dropLast() }
            html += escapeHTML(String(rest[..<match.range.lowerBound]))
            let shown = escapeHTML(String(address))
            html += "<a href=\"\(shown)\">\(shown)</a>"
            rest = rest[address.endIndex...]
        }
        return html + escapeHTML(String(rest))
    }

    static func escapeHTML(_ text: String) -> String { HTMLEscape.escape(text) }

    private static func bracketed(_ id: String) -> String {
        "<\(id.filter { !"<> \t\r\n".contains($0) })>"
    }

    /// Content headers and body of the whole message, from `Content-Type` on.
    private static func body(_ mail: OutgoingEmail) -> [UInt8] {
        let seed = boundarySeed(mail.messageID)
        var content = textPart(mail.text, subtype: "plain")
        if let html = mail.html {
            content = multipart(
                "alternative", boundary: "=_alt_\(seed)", parts: [content, textPart(html, subtype: "html")])
        }
        if !mail.attachments.isEmpty {
            let parts = [content] + mail.attachments.map(attachmentPart)
            content = multipart("mixed", boundary: "=_mix_\(seed)", parts: parts)
        }
        return content
    }

    /// A text part: headers, blank line, encoded body.
    private static func textPart(_ text: String, subtype: String) -> [UInt8] {
        let crlfText = BodyText.normalizeLineBreaks(text).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\r\n")
        let bytes = Array(crlfText.utf8)
        let encoding = TransferEncoding.best(for: bytes)
        let head =
            "Content-Type: text/\(subtype); charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: \(encoding.rawValue)\r\n\r\n"
        return Array(head.utf8) + encoding.encode(bytes) + [ASCII.carriageReturn, ASCII.lineFeed]
    }

    private static func attachmentPart(_ attachment: OutgoingAttachment) -> [UInt8] {
        let type = MediaTypeText.clean(attachment.contentType)
        let fallback = AttachmentName.asciiFallback(attachment.name)
        let typeName = "name=" + AttachmentName.quoted(AttachmentName.typeName(attachment.name))
        var head = HeaderEncoding.fold(
            name: "Content-Type", words: blankSeparated(AttachmentName.parameterWords(type, [typeName])))
        let fileNames =
            ["filename=" + AttachmentName.quoted(fallback)]
            + AttachmentName.extendedParameters(attachment.name, fallback: fallback)
        head += HeaderEncoding.fold(
            name: "Content-Disposition", words: blankSeparated(AttachmentName.parameterWords("attachment", fileNames)))
        head += "Content-Transfer-Encoding: base64\r\n\r\n"
        return Array(head.utf8) + TransferEncoding.base64(attachment.data, lineLength: 76)
            + [ASCII.carriageReturn, ASCII.lineFeed]
    }

    /// Parameter words split at their blanks, so long quoted values can be folded (unfolding restores the blank).
    private static func blankSeparated(_ words: [String]) -> [String] {
        words.flatMap { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
    }

    private static func multipart(_ subtype: String, boundary: String, parts: [[UInt8]]) -> [UInt8] {
        var output = Array("Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        for part in parts {
            output += Array("--\(boundary)\r\n".utf8)
            output += part
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    /// Hex of a 64-bit FNV-1a hash of the Message-ID: the same mail always gets the same boundaries. Boundaries
    /// start with `=_`, which neither quoted-printable nor base64 output can contain.
    private static func boundarySeed(_ messageID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
