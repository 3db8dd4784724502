/// Reads header text: RFC 2047 encoded words (`=?charset?B|Q?…?=`) and raw 8-bit bytes.
///
/// Encoded words separated only by whitespace are joined without it, and adjacent words in the same charset are
/// decoded together, because senders split multi-byte characters across words. Raw 8-bit bytes are read as UTF-8
/// when they are valid UTF-8, otherwise in `fallbackCharset` (the message's body charset), otherwise lossily.
struct HeaderTextDecoder: Sendable {
    var fallbackCharset: String?

    static let utf8 = HeaderTextDecoder(fallbackCharset: nil)

    /// Raw bytes without encoded-word processing.
    func plain(_ bytes: some Collection<UInt8>) -> String {
        if bytes.isASCII || CharsetDecoder.isValidUTF8(bytes) { return CharsetDecoder.lossyUTF8(bytes) }
        return CharsetDecoder.decode(bytes, charset: fallbackCharset)
    }

    /// Header text with encoded words decoded.
    func decode(_ bytes: [UInt8]) -> String {
        var result = ""
        var plainStart = 0
        var index = 0
        var run: (charset: String?, bytes: [UInt8])?
        var gapStart = 0
        func flushRun() {
            if let current = run { result += CharsetDecoder.decode(current.bytes, charset: current.charset) }
            run = nil
        }
        while index < bytes.count {
            guard bytes[index] == ASCII.equals, index + 1 < bytes.count, bytes[index + 1] == ASCII.question,
                let word = EncodedWord.parse(bytes, at: index)
            else {
                index += 1
                continue
            }
            let gap = bytes[gapStart..<index]
            let onlyWhitespaceSinceWord = run != nil && gap.allSatisfy(ASCII.isWhitespace)
            if !onlyWhitespaceSinceWord {
                flushRun()
                result += plain(bytes[plainStart..<index])
            }
            if let current = run, current.charset?.lowercased() != word.charset?.lowercased() { flushRun() }
            if run == nil { run = (word.charset, []) }
            run?.bytes.append(contentsOf: word.decoded)
            index = word.end
            gapStart = index
            plainStart = index
        }
        flushRun()
        result += plain(bytes[plainStart..<bytes.count])
        return result
    }

    func decode(_ text: String) -> String { decode(Array(text.utf8)) }
}

/// One `=?charset?encoding?text?=` token found in header bytes.
struct EncodedWord {
    var charset: String?
    var decoded: [UInt8]
    /// The offset just past the closing `?=`.
    var end: Int

    /// Longest encoded word accepted; real ones are at most 75 characters, broken senders write longer ones.
    static let maximumLength = 1_000

    static func parse(_ bytes: [UInt8], at start: Int) -> EncodedWord? {
        var index = start + 2
        let limit = min(bytes.count, start + maximumLength)
        guard let charsetEnd = firstQuestionMark(bytes, from: index, limit: limit) else { return nil }
        var charset = CharsetDecoder.lossyUTF8(bytes[index..<charsetEnd])
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        index = charsetEnd + 1
        guard index + 1 < limit, bytes[index + 1] == ASCII.question else { return nil }
        let encoding = ASCII.lowercased(bytes[index])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        index += 2
        var textEnd = index
        while textEnd + 1 < limit {
            let byte = bytes[textEnd]
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { return nil }
            if byte == ASCII.question, bytes[textEnd + 1] == ASCII.equals { break }
            textEnd += 1
        }
        guard textEnd + 1 < limit, bytes[textEnd] == ASCII.question else { return nil }
        let text = bytes[index..<textEnd]
        let decoded =
            encoding == UInt8(ascii: "b") ? TransferDecoding.base64(text) : TransferDecoding.qEncoding(text)
        return EncodedWord(charset: charset.isEmpty ? nil : charset, decoded: decoded, end: textEnd + 2)
    }

    private static func firstQuestionMark(_ bytes: [UInt8], from: Int, limit: Int) -> Int? {
        var index = from
        while index < limit {
            let byte = bytes[index]
            if byte == ASCII.question { return index > from ? index : nil }
            if ASCII.isWhitespace(byte) || byte == ASCII.equals || index - from > 64 { return nil }
            index += 1
        }
        return nil
    }
}
