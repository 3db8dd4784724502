/// Writes header fields for outgoing mail: RFC 2047 encoded words for non-ASCII text, quoting for display names,
/// and folding so lines stay within 76 characters.
enum HeaderEncoding {
    static let maximumLineLength = 76
    /// Encoded words are kept short enough that one fits on a line after any of our header names.
    static let maximumWordLength = 64

    /// `Name: value` folded at blanks, ending in CRLF. `value` is already encoded; CR and LF in it are removed.
    static func field(_ name: String, _ value: String) -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return fold(name: name, words: words)
    }

    /// Joins `words` with single blanks after `Name: `, moving a word to a new line when the current one is full.
    static func fold(name: String, words: [String]) -> String {
        var result = "\(name):"
        var lineLength = result.count
        var first = true
        for rawWord in words {
            let word = singleLine(rawWord)
            if !first || !word.isEmpty {
                if lineLength + 1 + word.count > maximumLineLength, lineLength > name.count + 1, !word.isEmpty {
                    result += "\r\n"
                    lineLength = 0
                }
                result += " " + word
                lineLength += 1 + word.count
            }
            first = false
        }
        return result + "\r\n"
    }

    /// Free text (a subject): as is when plain ASCII, otherwise a run of UTF-8 encoded words.
    static func text(_ value: String) -> [String] {
        let clean = singleLine(value)
        if isPlainASCII(clean) { return clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        return encodedWords(clean)
    }

    /// A display name: an atom run, a quoted string, or encoded words.
    static func phrase(_ value: String) -> [String] {
        let clean = singleLine(value)
        guard isPlainASCII(clean) else { return encodedWords(clean) }
        let needsQuotes = clean.unicodeScalars.contains { !isAtomText($0) && $0 != " " }
        guard needsQuotes else { return clean.split(separator: " ").map(String.init) }
        let escaped = clean.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return ["\"\(escaped)\""]
    }

    /// A mailbox as `Name <address>` words, or `<address>` alone.
    static func mailbox(_ address: EmailAddress) -> [String] {
        let bare = "<\(address.address.filter { !"\r\n<> ".contains($0) })>"
        guard let name = address.name, !name.isEmpty else { return [bare] }
        return phrase(name) + [bare]
    }

    /// Mailboxes separated by commas.
    static func mailboxList(_ addresses: [EmailAddress]) -> [String] {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            var mailboxWords = mailbox(address)
            if index < addresses.count - 1, let last = mailboxWords.popLast() { mailboxWords.append(last + ",") }
            words += mailboxWords
        }
        return words
    }

    /// UTF-8 encoded words of at most `maximumWordLength` characters, never splitting a character's bytes. Q for
    /// mostly-Latin text (readable in raw form), B for everything else.
    static func encodedWords(_ value: String) -> [String] {
        let bytes = Array(value.utf8)
        let escapedCount = bytes.count { !isQSafe($0) }
        let useB = escapedCount * 2 > bytes.count
        let prefix = useB ? "=?UTF-8?B?" : "=?UTF-8?Q?"
        let room = maximumWordLength - prefix.count - 2
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in value.unicodeScalars {
            let scalarBytes = Array(String(scalar).utf8)
            if !chunk.isEmpty, encodedLength(chunk + scalarBytes, base64: useB) > room {
                words.append(prefix + encode(chunk, base64: useB) + "?=")
                chunk = []
            }
            chunk += scalarBytes
        }
        if !chunk.isEmpty { words.append(prefix + encode(chunk, base64: useB) + "?=") }
        return words
    }

    private static func encode(_ bytes: [UInt8], base64: Bool) -> String {
        if base64 { return String(decoding: TransferEncoding.base64(bytes, lineLength: nil), as: UTF8.self) }
        var output = ""
        for byte in bytes {
            if byte == ASCII.space {
                output += "_"
            } else if isQSafe(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "=" + ASCII.hex(byte)
            }
        }
        return output
    }

    private static func encodedLength(_ bytes: [UInt8], base64: Bool) -> Int {
        base64 ? (bytes.count + 2) / 3 * 4 : bytes.reduce(0) { $0 + (isQSafe($1) || $1 == ASCII.space ? 1 : 3) }
    }

    /// Bytes written as themselves in a Q-encoded word inside a phrase (RFC 2047 section 5, rule 3).
    private static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"): true
        default: false
        }
    }

    private static func isAtomText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// Printable ASCII without anything a reader could take for an encoded word.
    private static func isPlainASCII(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !value.contains("=?")
    }

    /// The text with line breaks and tabs turned into blanks, so it cannot start a new header field.
    static func singleLine(_ value: String) -> String {
        String(value.map { $0 == "\r\n" || $0 == "\r" || $0 == "\n" || $0 == "\t" ? " " : $0 })
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
