/// Splits a reply into pieces Telegram accepts in one `sendMessage` (at most 4096 characters, which
/// Telegram counts in UTF-16 code units).
///
/// A piece ends at the last line break, else the last space, in the second half of the window; a word
/// longer than half a window is cut between characters, never inside an emoji or a combined letter.
enum TextChunks {
    static let messageLimit = 4096
    static let captionLimit = 1024

    static func split(_ text: String, limit: Int = messageLimit) -> [String] {
        var chunks: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            var end = rest.startIndex
            var units = 0
            for index in rest.indices {
                let width = rest[index].utf16.count
                if units + width > limit { break }
                units += width
                end = rest.index(after: index)
            }
            if end == rest.startIndex {
                end = rest.index(after: end)  // a single character wider than the limit
            }
            let window = rest[..<end]
            let half = window.index(window.startIndex, offsetBy: window.count / 2)
            let breakAt = window.lastIndex(where: \.isNewline) ?? window.lastIndex(where: \.isWhitespace)
            if let breakAt, breakAt >= half {
                append(rest[..<breakAt], to: &chunks)
                rest = rest[rest.index(after: breakAt)...]
            } else {
                append(window, to: &chunks)
                rest = rest[end...]
            }
        }
        append(rest, to: &chunks)
        return chunks
    }

    private static func append(_ piece: Substring, to chunks: inout [String]) {
        guard piece.contains(where: { !$0.isWhitespace }) else { return }
        chunks.append(String(piece))
    }
}
