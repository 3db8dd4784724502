/// Reads RFC 5322 address lists from raw header bytes.
///
/// Works on the undecoded value so that commas and quotes inside encoded words cannot split a mailbox; each display
/// name is decoded afterwards. Group syntax (`Team: a@x, b@y;`) yields the group's members.
enum AddressListParser {
    private enum Token {
        case word([UInt8])
        case quoted([UInt8])
        case comment([UInt8])
        case angle([UInt8])
        case comma, colon, semicolon

        var isAngle: Bool {
            if case .angle = self { return true }
            return false
        }
    }

    static func parse(_ bytes: [UInt8], decoder: HeaderTextDecoder) -> [EmailAddress] {
        var result: [EmailAddress] = []
        var current: [Token] = []
        var inGroup = false
        for token in tokenize(bytes) {
            switch token {
            case .comma:
                mailbox(current, decoder: decoder).map { result.append($0) }
                current = []
            case .colon where !inGroup && !current.contains(where: \.isAngle):
                inGroup = true
                current = []
            case .semicolon:
                mailbox(current, decoder: decoder).map { result.append($0) }
                current = []
                inGroup = false
            default:
                current.append(token)
            }
        }
        mailbox(current, decoder: decoder).map { result.append($0) }
        return result
    }

    private static func mailbox(_ tokens: [Token], decoder: HeaderTextDecoder) -> EmailAddress? {
        if let angleIndex = tokens.firstIndex(where: \.isAngle), case .angle(let inner) = tokens[angleIndex] {
            let address = stripRoute(CharsetDecoder.lossyUTF8(inner))
            guard !address.isEmpty else { return nil }
            var phrase: [[UInt8]] = []
            for token in tokens[..<angleIndex] {
                switch token {
                case .word(let bytes), .quoted(let bytes): phrase.append(bytes)
                default: continue
                }
            }
            let name = phrase.isEmpty ? firstComment(tokens).map { decoder.decode($0) } : decodePhrase(phrase, decoder)
            return EmailAddress(name: name, address: address)
        }
        let words = tokens.compactMap { token -> [UInt8]? in
            if case .word(let bytes) = token { return bytes }
            return nil
        }
        let withAt = words.filter { $0.contains(ASCII.at) }
        if words.count > 1, withAt.count == 1, let address = withAt.first {
            // `Ivan Petrov ivan@example.com`: a name written without angle brackets.
            let name = decodePhrase(words.filter { $0 != address }, decoder)
            return EmailAddress(name: name, address: CharsetDecoder.lossyUTF8(address))
        }
        var addressBytes: [UInt8] = []
        for token in tokens {
            switch token {
            case .word(let bytes): addressBytes += bytes
            case .quoted(let bytes): addressBytes += [ASCII.quote] + bytes + [ASCII.quote]
            default: continue
            }
        }
        let address = CharsetDecoder.lossyUTF8(addressBytes).trimmed()
        guard !address.isEmpty else { return nil }
        return EmailAddress(name: firstComment(tokens).map { decoder.decode($0) }, address: address)
    }

    /// Joins the words of a display name with single spaces and decodes encoded words across them.
    private static func decodePhrase(_ words: [[UInt8]], _ decoder: HeaderTextDecoder) -> String {
        let joined = words.enumerated().flatMap { index, word in index == 0 ? word : [ASCII.space] + word }
        return decoder.decode(joined).trimmed()
    }

    private static func firstComment(_ tokens: [Token]) -> [UInt8]? {
        for token in tokens { if case .comment(let bytes) = token, !bytes.isEmpty { return bytes } }
        return nil
    }

    /// Drops an obsolete source route (`@relay.example:user@example.com`) and surrounding blanks.
    private static func stripRoute(_ address: String) -> String {
        var result = address.trimmed()
        if result.hasPrefix("@"), let colon = result.firstIndex(of: ":") {
            result = String(result[result.index(after: colon)...])
        }
        return result.filter { $0 != " " && $0 != "\t" }
    }

    private static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case _ where ASCII.isWhitespace(byte):
                index += 1
            case ASCII.quote:
                let (value, next) = HeaderParameters.quotedString(bytes, from: index)
                tokens.append(.quoted(value))
                index = next
            case ASCII.openParen:
                let (value, next) = comment(bytes, from: index)
                tokens.append(.comment(value))
                index = next
            case ASCII.lessThan:
                let end = bytes[index...].firstIndex(of: ASCII.greaterThan) ?? bytes.count
                tokens.append(.angle(Array(bytes[(index + 1)..<end])))
                index = end + 1
            case ASCII.comma: tokens.append(.comma); index += 1
            case ASCII.colon: tokens.append(.colon); index += 1
            case ASCII.semicolon: tokens.append(.semicolon); index += 1
            default:
                var end = index
                while end < bytes.count, !isSpecial(bytes[end]) { end += 1 }
                if end > index { tokens.append(.word(Array(bytes[index..<end]))) }
                index = max(end, index + 1)
            }
        }
        return tokens
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        ASCII.isWhitespace(byte) || byte == ASCII.quote || byte == ASCII.openParen || byte == ASCII.lessThan
            || byte == ASCII.comma || byte == ASCII.colon || byte == ASCII.semicolon || byte == ASCII.greaterThan
    }

    /// Reads a comment with nesting and escapes, from its opening parenthesis.
    private static func comment(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int) {
        var depth = 0
        var output: [UInt8] = []
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.backslash, index + 1 < bytes.count {
                output.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte == ASCII.openParen {
                depth += 1
                if depth > 1 { output.append(byte) }
            } else if byte == ASCII.closeParen {
                depth -= 1
                if depth == 0 { return (output, index + 1) }
                output.append(byte)
            } else {
                output.append(byte)
            }
            index += 1
        }
        return (output, bytes.count)
    }
}
