/// Reduces a subject to what identifies a thread: reply and forward prefixes stripped, whitespace collapsed.
///
/// Threading falls back to the subject when a reply lost its headers, and every mail client prefixes differently
/// (`Re:`, `RE: Re:`, `Re[2]:`, `Fwd:`, `FW:`, `Ответ:`, `Отв:`, `AW:`, `SV:`), so subjects are compared in this
/// form.
public enum SubjectNormalizer {
    /// Prefix words (lowercased) that mark replies and forwards.
    static let prefixes: [String] = [
        "re", "fwd", "fw", "ответ", "отв", "aw", "sv", "wg", "antw", "пересл", "відп", "відповідь", "вiдп",
    ]

    public static func normalize(_ subject: String) -> String {
        var rest = collapseWhitespace(subject)[...]
        while let stripped = strippingPrefix(rest) { rest = stripped }
        return String(rest)
    }

    /// The normalized subject in lowercase: a key for storing and comparing.
    public static func comparisonKey(_ subject: String) -> String {
        normalize(subject).lowercased()
    }

    /// Whether two subjects name the same thread, ignoring prefixes, whitespace and case.
    public static func isSameThread(_ first: String, _ second: String) -> Bool {
        comparisonKey(first) == comparisonKey(second)
    }

    /// Whether the subject's first prefix marks a forward (`Fwd:`, `FW:`, `WG:`, `Пересл:`).
    static func isForward(_ subject: String) -> Bool {
        let trimmed = collapseWhitespace(subject)[...]
        guard strippingPrefix(trimmed) != nil else { return false }
        let word = trimmed.prefix { $0.isLetter }.lowercased()
        return forwardPrefixes.contains(word)
    }

    static let forwardPrefixes: Set<String> = ["fwd", "fw", "wg", "пересл"]

    /// The subject after one prefix (`Re:`, `Re[2]:`, `Re(3):`, `Re :`, `Re：`), or nil when it has none.
    private static func strippingPrefix(_ subject: Substring) -> Substring? {
        let word = subject.prefix { $0.isLetter }
        guard !word.isEmpty, prefixes.contains(word.lowercased()) else { return nil }
        var rest = subject[word.endIndex...]
        if rest.first == "[" || rest.first == "(" {
            let close: Character = rest.first == "[" ? "]" : ")"
            let counter = rest.dropFirst().prefix { $0.isASCIIDigit }
            guard !counter.isEmpty, rest.dropFirst(counter.count + 1).first == close else { return nil }
            rest = rest.dropFirst(counter.count + 2)
        } else if rest.first == "^" {
            rest = rest.dropFirst().drop { $0.isASCIIDigit }
        }
        rest = rest.drop { $0 == " " }
        guard rest.first == ":" || rest.first == "：" else { return nil }
        return rest.dropFirst().drop { $0 == " " }
    }

    private static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
