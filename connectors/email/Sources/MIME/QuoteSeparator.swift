/// Separates the new text of a reply from the quoted history below it.
///
/// Agents should read what the customer wrote now, not the whole thread again. History starts at the first of:
/// an attribution line ("On … wrote:", "… написал(а):", "… пишет:", "… написав(ла):", also split over two lines),
/// an "-----Original Message-----" line, an Outlook header block ("From: … Sent: … To: … Subject: …", English,
/// Russian or Ukrainian), or a trailing block of `>` lines (with the line introducing it). Quotes interleaved with
/// answers stay in the text. When everything would be history, the whole message stays text.
enum QuoteSeparator {
    static func separate(_ text: String) -> (text: String, quoted: String?) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cuts = [firstMarker(lines), trailingQuoteBlock(lines)].compactMap { $0 }
        guard let cut = cuts.min(), cut > 0 else { return (text.trimmed(), nil) }
        let fresh = lines[..<cut].joined(separator: "\n").trimmed()
        let quoted = lines[cut...].joined(separator: "\n").trimmed()
        guard !fresh.isEmpty else { return (text.trimmed(), nil) }
        return (fresh, quoted.isEmpty ? nil : quoted)
    }

    /// Verbs that end an attribution line, lowercased, in the languages our customers write.
    static let attributionEndings = [
        "wrote:", "написал(а):", "написал:", "написала:", "пишет:", "написав(ла):", "написав:", "пише:",
        "schrieb:", "a écrit :", "a écrit:", "escribió:", "ha scritto:",
    ]

    /// First line of an attribution, a separator or an Outlook block.
    private static func firstMarker(_ lines: [Substring]) -> Int? {
        for index in lines.indices {
            let line = lines[index].trimmed()
            guard !line.isEmpty else { continue }
            if isOriginalMessageSeparator(line) { return withSeparatorAbove(index, lines) }
            if isAttribution(line) { return index }
            if index + 1 < lines.count, mayStartAttribution(line) {
                let next = lines[index + 1].trimmed()
                if !next.isEmpty, isAttribution(line + " " + next) { return index }
            }
            if isOutlookBlock(at: index, lines), !followsForwardMarker(index, lines) {
                return withSeparatorAbove(index, lines)
            }
        }
        return nil
    }

    static func isAttribution(_ line: String) -> Bool {
        guard line.count <= 400 else { return false }
        let lowered = line.lowercased()
        return attributionEndings.contains { lowered.hasSuffix($0) }
    }

    /// A line that can be the first half of a two-line attribution: "On …", or one carrying a date or an address.
    private static func mayStartAttribution(_ line: String) -> Bool {
        line.count <= 300
            && (line.hasPrefix("On ") || line.contains("@") || line.contains(where: \.isASCIIDigit))
    }

    private static func isOriginalMessageSeparator(_ line: String) -> Bool {
        guard line.hasPrefix("--") || line.hasPrefix("__") else { return false }
        let core = line.trimming(charactersIn: "-_ ").lowercased()
        return [
            "original message", "исходное сообщение", "оригинальное сообщение", "оригінальне повідомлення",
            "вихідне повідомлення", "ursprüngliche nachricht", "message d'origine",
        ].contains(core)
    }

    /// "From:" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:" (bold markers ignored).
    private static func isOutlookBlock(at index: Int, _ lines: [Substring]) -> Bool {
        guard hasLabel(lines[index], fromLabels) else { return false }
        let following = lines[(index + 1)..<min(lines.count, index + 6)]
        return following.contains { hasLabel($0, sentLabels) } && following.contains { hasLabel($0, toLabels) }
    }

    private static let fromLabels = ["from:", "от:", "від:", "von:", "de :", "de:"]
    private static let sentLabels = ["sent:", "date:", "отправлено:", "дата:", "надіслано:", "gesendet:", "envoyé :"]
    private static let toLabels = ["to:", "subject:", "кому:", "тема:", "an:", "betreff:", "à :", "objet :"]

    private static func hasLabel(_ line: Substring, _ labels: [String]) -> Bool {
        let cleaned = line.trimmed().trimming(charactersIn: "*").lowercased()
        return labels.contains { cleaned.hasPrefix($0) }
    }

    /// Whether the line above is a forward marker ("---------- Forwarded message ---------", "Begin forwarded
    /// message:"): what follows is content the sender passes on, not history.
    private static func followsForwardMarker(_ index: Int, _ lines: [Substring]) -> Bool {
        var above = index - 1
        while above >= 0, lines[above].trimmed().isEmpty { above -= 1 }
        guard above >= 0 else { return false }
        let line = lines[above].lowercased()
        return ["forwarded message", "пересылаемое сообщение", "переслане повідомлення", "weitergeleitete nachricht"]
            .contains { line.contains($0) }
    }

    /// Moves a cut up over Outlook's `_____` rule or a blank line plus rule right above it.
    private static func withSeparatorAbove(_ index: Int, _ lines: [Substring]) -> Int {
        var above = index - 1
        while above >= 0, lines[above].trimmed().isEmpty { above -= 1 }
        guard above >= 0 else { return index }
        let line = lines[above].trimmed()
        return line.count >= 5 && line.allSatisfy({ $0 == "_" || $0 == "-" }) ? above : index
    }

    /// The start of a block of `>` lines that ends the message, with an introducing line ending in `:` above it.
    private static func trailingQuoteBlock(_ lines: [Substring]) -> Int? {
        var index = lines.count - 1
        while index >= 0, lines[index].trimmed().isEmpty { index -= 1 }
        guard index >= 0, isQuoted(lines[index]) else { return nil }
        var start = index
        while index >= 0, isQuoted(lines[index]) || lines[index].trimmed().isEmpty {
            if isQuoted(lines[index]) { start = index }
            index -= 1
        }
        var above = start - 1
        while above >= 0, lines[above].trimmed().isEmpty { above -= 1 }
        guard above >= 0 else { return start }
        let intro = lines[above].trimmed()
        guard intro.hasSuffix(":"), intro.count <= 400 else { return start }
        // An attribution wrapped before the address: "…, Иван Иванов\n<ivan@example.com>:".
        let wrapped = !intro.contains(" ") || intro.hasPrefix("<")
        if wrapped, above > 0, !lines[above - 1].trimmed().isEmpty { return above - 1 }
        return above
    }

    private static func isQuoted(_ line: Substring) -> Bool {
        line.drop { $0 == " " }.first == ">"
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and line breaks.
    func trimmed() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
