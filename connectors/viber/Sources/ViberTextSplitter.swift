/// Cuts a reply into messages Viber accepts: at most 7,000 characters each (counted in UTF-16 units,
/// the stricter count), never inside a character, preferably at a line break or a space.
enum ViberTextSplitter {
    static let limit = 7000

    static func split(_ text: String, limit: Int = limit) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            let end = fittingEnd(rest, limit: limit)
            let head = rest[..<end]
            let late = { (index: Substring.Index) in rest[..<index].utf16.count >= limit / 2 }
            let newline = head.lastIndex(where: \.isNewline).flatMap { late($0) ? $0 : nil }
            let space = head.lastIndex(where: \.isWhitespace).flatMap { late($0) ? $0 : nil }
            if let separator = newline ?? space {
                parts.append(String(rest[..<separator]))
                rest = rest[rest.index(after: separator)...]
            } else {
                parts.append(String(head))
                rest = rest[end...]
            }
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(String(rest)) }
        return parts
    }

    /// The end of the longest run of whole characters within `limit` UTF-16 units (at least one character).
    private static func fittingEnd(_ text: Substring, limit: Int) -> Substring.Index {
        var units = 0
        var end = text.startIndex
        for index in text.indices {
            units += text[index].utf16.count
            if units > limit { break }
            end = text.index(after: index)
        }
        return end == text.startIndex ? text.index(after: end) : end
    }
}
