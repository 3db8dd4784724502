/// Collects text for the HTML reader: collapses whitespace, places line breaks, bullets and quote markers.
///
/// Breaks are requested, not written, so that nested blocks (`<div><p>…`) give one break instead of several and no
/// text starts or ends with blank lines.
struct TextLayout {
    private var result = ""
    private var pendingBreaks = 0
    private var pendingSpace = false
    private var pendingBullet = false
    private var lineHasContent = false
    var quoteDepth = 0
    var preformatted = 0

    /// The length so far, in UTF-8 bytes, to find text written after a point.
    var count: Int { result.utf8.count }

    func text(since offset: Int) -> String {
        String(decoding: result.utf8.dropFirst(offset), as: UTF8.self)
    }

    /// Asks for at least `lines` line breaks (2 = a blank line) before the next text.
    mutating func block(_ lines: Int) {
        guard lineHasContent || pendingBreaks > 0 else { return }
        pendingBreaks = max(pendingBreaks, lines)
    }

    /// A `<br>`: each one adds a break, up to one blank line.
    mutating func lineBreak() {
        pendingBreaks = min(pendingBreaks + 1, 2)
    }

    mutating func bullet() { pendingBullet = true }

    mutating func cellSeparator() {
        if lineHasContent { pendingSpace = true }
    }

    mutating func append(_ text: String) {
        for character in text {
            if preformatted > 0 {
                if character == "\n" || character == "\r\n" {
                    pendingBreaks += 1
                } else {
                    write(character)
                }
            } else if character.isWhitespace {
                if lineHasContent { pendingSpace = true }
            } else {
                write(character)
            }
        }
    }

    private mutating func write(_ character: Character) {
        if pendingBreaks > 0 {
            let breaks = preformatted > 0 ? pendingBreaks : min(pendingBreaks, 2)
            if !result.isEmpty { result += String(repeating: "\n", count: breaks) }
            pendingBreaks = 0
            pendingSpace = false
            lineHasContent = false
        }
        if !lineHasContent {
            if quoteDepth > 0 { result += String(repeating: ">", count: quoteDepth) + " " }
            if pendingBullet { result += "- " }
            pendingBullet = false
            pendingSpace = false
            lineHasContent = true
        }
        if pendingSpace {
            result.append(" ")
            pendingSpace = false
        }
        result.append(character)
    }

    /// The text with trailing blanks removed from every line.
    mutating func finish() -> String {
        result.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                var trimmed = line
                while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
                return String(trimmed)
            }
            .joined(separator: "\n")
            .trimmed()
    }
}
