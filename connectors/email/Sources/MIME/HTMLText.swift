/// Turns an HTML mail body into the plain text agents read.
///
/// A small hand-written reader, not a browser: it drops `head`, `script`, `style` and comments, turns block
/// elements into line breaks (paragraphs and headings into blank lines), list items into `- ` lines, table cells
/// into spaced columns, blockquotes into `> ` lines (so quoted history is recognised as in plain-text mail), keeps
/// link targets, decodes entities and collapses whitespace outside `pre`.
enum HTMLText {
    static func plainText(fromHTML html: String) -> String {
        var reader = HTMLReader(bytes: Array(html.utf8))
        return reader.run()
    }
}

private struct HTMLReader {
    let bytes: [UInt8]
    var output = TextLayout()
    var index = 0
    var link: (href: String, start: Int)?
    /// Elements already known to have no closing tag further on, so hostile input cannot make us search again.
    var unclosed: Set<String> = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Elements whose content is never shown.
    static let hidden: Set<String> = ["script", "style", "head", "title", "template", "noscript", "xml"]
    static let paragraphBlocks: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "dl", "hr", "pre", "address", "figure",
    ]
    static let lineBlocks: Set<String> = [
        "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav", "aside", "main", "form",
        "fieldset", "center", "figcaption", "caption", "tbody", "thead", "tfoot", "body", "html", "summary", "details",
    ]

    mutating func run() -> String {
        var textStart = 0
        while index < bytes.count {
            guard bytes[index] == ASCII.lessThan, index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            let isTag =
                isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == ASCII.question
            guard isTag else {
                index += 1
                continue
            }
            appendText(bytes[textStart..<index])
            readMarkup()
            textStart = index
        }
        appendText(bytes[min(textStart, bytes.count)...])
        return output.finish()
    }

    private mutating func appendText(_ raw: ArraySlice<UInt8>) {
        guard !raw.isEmpty else { return }
        output.append(HTMLEntities.decode(CharsetDecoder.lossyUTF8(raw)))
    }

    /// Reads one tag, comment or declaration starting at `<`.
    private mutating func readMarkup() {
        let slice = bytes[...]
        if slice[index...].hasASCIIPrefix(Array("<!--".utf8)) {
            index = slice.firstRange(ofCaseInsensitive: Array("-->".utf8), from: index + 4)?.upperBound ?? bytes.count
            return
        }
        if bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == ASCII.question {
            index = (slice[index...].firstIndex(of: ASCII.greaterThan) ?? bytes.count - 1) + 1
            return
        }
        let closing = bytes[index + 1] == UInt8(ascii: "/")
        var nameEnd = index + (closing ? 2 : 1)
        let nameStart = nameEnd
        while nameEnd < bytes.count, isLetter(bytes[nameEnd]) || (0x30...0x39).contains(bytes[nameEnd]) {
            nameEnd += 1
        }
        let name = String(decoding: bytes[nameStart..<nameEnd].map(ASCII.lowercased), as: UTF8.self)
        let tagEnd = endOfTag(from: nameEnd)
        let attributes = bytes[nameEnd..<min(tagEnd, bytes.count)]
        index = min(tagEnd + 1, bytes.count)
        if closing {
            close(name)
        } else if HTMLReader.hidden.contains(name) {
            skipContent(of: name)
        } else {
            open(name, attributes: attributes)
        }
    }

    private mutating func open(_ name: String, attributes: ArraySlice<UInt8>) {
        switch name {
        case "br": output.lineBreak()
        case "li":
            output.block(1)
            output.bullet()
        case "td", "th": output.cellSeparator()
        case "blockquote":
            output.block(1)
            output.quoteDepth += 1
        case "pre":
            output.block(2)
            output.preformatted += 1
        case "a": link = attribute("href", in: attributes).map { ($0, output.count) }
        case _ where HTMLReader.paragraphBlocks.contains(name): output.block(2)
        case _ where HTMLReader.lineBlocks.contains(name): output.block(1)
        default: break
        }
    }

    private mutating func close(_ name: String) {
        switch name {
        case "blockquote":
            output.block(1)
            output.quoteDepth = max(0, output.quoteDepth - 1)
        case "pre":
            output.preformatted = max(0, output.preformatted - 1)
            output.block(2)
        case "a":
            if let link, let shown = linkSuffix(link) { output.append(shown) }
            link = nil
        case _ where HTMLReader.paragraphBlocks.contains(name): output.block(2)
        case _ where HTMLReader.lineBlocks.contains(name): output.block(1)
        default: break
        }
    }

    /// ` (https://…)` after a link whose text does not already show its address.
    private func linkSuffix(_ link: (href: String, start: Int)) -> String? {
        let href = link.href.trimmed()
        guard href.hasPrefix("http://") || href.hasPrefix("https://") else { return nil }
        let text = output.text(since: link.start).trimmed()
        guard !text.isEmpty, text != href, !href.hasSuffix(text), !text.contains(href) else { return nil }
        return " (\(href))"
    }

    /// Skips everything up to the element's closing tag. A `head` without one ends at `<body` (or is not skipped);
    /// a script or style without one hides the rest.
    private mutating func skipContent(of name: String) {
        guard !unclosed.contains(name) else {
            if name != "head" { index = bytes.count }
            return
        }
        let slice = bytes[...]
        if let close = slice.firstRange(ofCaseInsensitive: Array("</\(name)".utf8), from: index) {
            index = (slice[close.upperBound...].firstIndex(of: ASCII.greaterThan) ?? bytes.count - 1) + 1
            return
        }
        unclosed.insert(name)
        guard name == "head" else {
            index = bytes.count
            return
        }
        if let body = slice.firstRange(ofCaseInsensitive: Array("<body".utf8), from: index) { index = body.lowerBound }
    }

    /// The `>` that ends a tag, skipping quoted attribute values.
    private func endOfTag(from start: Int) -> Int {
        var position = start
        var quote: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == ASCII.quote || byte == ASCII.apostrophe {
                quote = byte
            } else if byte == ASCII.greaterThan {
                return position
            }
            position += 1
        }
        return bytes.count
    }

    private func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
        guard let found = attributes.firstRange(ofCaseInsensitive: Array(name.utf8), from: attributes.startIndex)
        else { return nil }
        var position = found.upperBound
        while position < attributes.endIndex, ASCII.isWhitespace(attributes[position]) { position += 1 }
        guard position < attributes.endIndex, attributes[position] == ASCII.equals else { return nil }
        position += 1
        while position < attributes.endIndex, ASCII.isWhitespace(attributes[position]) { position += 1 }
        guard position < attributes.endIndex else { return nil }
        let quote = attributes[position]
        let value: ArraySlice<UInt8>
        if quote == ASCII.quote || quote == ASCII.apostrophe {
            let end = attributes[(position + 1)...].firstIndex(of: quote) ?? attributes.endIndex
            value = attributes[(position + 1)..<end]
        } else {
            let end = attributes[position...].firstIndex { ASCII.isWhitespace($0) || $0 == UInt8(ascii: "/") }
            value = attributes[position..<(end ?? attributes.endIndex)]
        }
        return HTMLEntities.decode(CharsetDecoder.lossyUTF8(value))
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
