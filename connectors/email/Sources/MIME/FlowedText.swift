/// Rejoins `format=flowed` text (RFC 3676), which Thunderbird and Apple Mail send.
///
/// Flowed lines end in a space where the sender's client wrapped them; joining them back gives paragraphs as
/// written and keeps the `>` quote depth readable for quote separation.
enum FlowedText {
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph: (depth: Int, text: String)?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            let isSignatureSeparator = line == "-- "
            let flowed = line.hasSuffix(" ") && !isSignatureSeparator
            var content = String(line)
            if flowed, deleteSpace { content.removeLast() }
            if let current = paragraph, current.depth == depth {
                paragraph?.text += content
            } else {
                if let current = paragraph { output.append(render(current)) }
                paragraph = (depth, content)
            }
            if !flowed, let current = paragraph {
                output.append(render(current))
                paragraph = nil
            }
        }
        if let current = paragraph { output.append(render(current)) }
        return output.joined(separator: "\n")
    }

    private static func render(_ paragraph: (depth: Int, text: String)) -> String {
        guard paragraph.depth > 0 else { return paragraph.text }
        return String(repeating: ">", count: paragraph.depth) + " " + paragraph.text
    }
}
