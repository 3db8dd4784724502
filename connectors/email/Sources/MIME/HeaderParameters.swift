/// A structured header like Content-Type or Content-Disposition: a main value and `;`-separated parameters.
///
/// Parameters follow RFC 2045 (`name=token` or `name="quoted"`), RFC 2231 (`name*=charset'lang'%XX…` and
/// continuations `name*0*=…; name*1=…`), and the common non-standard habit of encoded words inside quoted
/// file names. Values are kept raw and decoded on lookup, once the message's fallback charset is known.
struct HeaderParameters: Sendable {
    /// The main value, lowercased (for example `multipart/mixed` or `attachment`).
    var value: String
    var parameters: [Parameter]

    struct Parameter: Sendable {
        var name: String
        var section: Int?
        var isExtended: Bool
        var value: [UInt8]
    }

    init(value: String, parameters: [Parameter] = []) {
        self.value = value
        self.parameters = parameters
    }

    init(parsing bytes: [UInt8]) {
        let mainEnd = HeaderParameters.scanValueEnd(bytes, from: 0)
        // The first token only: `text/plain (comment)` and `text/plain garbage` are text/plain.
        let main = bytes[0..<mainEnd].trimmingASCIIWhitespace()
        let token = main.prefix { !ASCII.isWhitespace($0) && $0 != ASCII.openParen }
        value = CharsetDecoder.lossyUTF8(token).lowercased()
        parameters = []
        var index = mainEnd
        while index < bytes.count {
            index += 1  // the semicolon
            guard let equals = bytes[index...].firstIndex(where: { $0 == ASCII.equals || $0 == ASCII.semicolon }),
                bytes[equals] == ASCII.equals
            else {
                index = bytes[index...].firstIndex(of: ASCII.semicolon) ?? bytes.count
                continue
            }
            let rawName = CharsetDecoder.lossyUTF8(bytes[index..<equals].trimmingASCIIWhitespace()).lowercased()
            var valueStart = equals + 1
            while valueStart < bytes.count, ASCII.isWhitespace(bytes[valueStart]) { valueStart += 1 }
            let parsedValue: [UInt8]
            if valueStart < bytes.count, bytes[valueStart] == ASCII.quote {
                (parsedValue, index) = HeaderParameters.quotedString(bytes, from: valueStart)
                index = HeaderParameters.scanValueEnd(bytes, from: index)
            } else {
                index = HeaderParameters.scanValueEnd(bytes, from: valueStart)
                parsedValue = Array(bytes[valueStart..<index].trimmingASCIIWhitespace())
            }
            if let parameter = Parameter(rawName: rawName, value: parsedValue) { parameters.append(parameter) }
        }
    }

    /// The decoded value of parameter `name`, preferring RFC 2231 forms over plain ones.
    func parameter(_ name: String, decoder: HeaderTextDecoder = .utf8) -> String? {
        let key = name.lowercased()
        let matching = parameters.filter { $0.name == key }
        guard !matching.isEmpty else { return nil }
        let sections = matching.filter { $0.section != nil }.sorted { ($0.section ?? 0) < ($1.section ?? 0) }
        if !sections.isEmpty { return HeaderParameters.joinSections(sections, decoder: decoder) }
        if let extended = matching.first(where: \.isExtended) {
            let (charset, bytes) = HeaderParameters.extendedValue(extended.value, hasCharset: true)
            return HeaderParameters.decodeExtended(bytes, charset: charset, decoder: decoder)
        }
        return matching.first.map { decoder.decode($0.value) }
    }

    private static func joinSections(_ sections: [Parameter], decoder: HeaderTextDecoder) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        var anyExtended = false
        for (position, section) in sections.enumerated() {
            if section.isExtended {
                anyExtended = true
                let (sectionCharset, decoded) = extendedValue(section.value, hasCharset: position == 0)
                if position == 0 { charset = sectionCharset }
                bytes += decoded
            } else {
                bytes += section.value
            }
        }
        return anyExtended
            ? decodeExtended(bytes, charset: charset, decoder: decoder) : decoder.decode(bytes)
    }

    /// Splits `charset'language'percent-encoded` into the charset and the unescaped bytes.
    private static func extendedValue(_ value: [UInt8], hasCharset: Bool) -> (String?, [UInt8]) {
        var encoded = value[...]
        var charset: String?
        if hasCharset, let first = value.firstIndex(of: ASCII.apostrophe),
            let second = value[(first + 1)...].firstIndex(of: ASCII.apostrophe)
        {
            let name = CharsetDecoder.lossyUTF8(value[0..<first])
            charset = name.isEmpty ? nil : name
            encoded = value[(second + 1)...]
        }
        return (charset, percentDecode(encoded))
    }

    private static func decodeExtended(_ bytes: [UInt8], charset: String?, decoder: HeaderTextDecoder) -> String {
        charset == nil ? decoder.plain(bytes) : CharsetDecoder.decode(bytes, charset: charset)
    }

    static func percentDecode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == ASCII.percent, index + 2 < input.count,
                let high = ASCII.hexValue(input[index + 1]), let low = ASCII.hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }

    /// The end of an unquoted value: the next semicolon outside quotes, or the end.
    private static func scanValueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        var quoted = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted, byte == ASCII.backslash {
                index += 2
                continue
            }
            if byte == ASCII.quote { quoted.toggle() }
            if byte == ASCII.semicolon, !quoted { return index }
            index += 1
        }
        return bytes.count
    }

    /// Reads a quoted string starting at the opening quote; an unterminated one runs to the end.
    static func quotedString(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int) {
        var output: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote { return (output, index + 1) }
            if byte == ASCII.backslash, index + 1 < bytes.count {
                output.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte != ASCII.carriageReturn, byte != ASCII.lineFeed { output.append(byte) }
            index += 1
        }
        return (output, bytes.count)
    }
}

extension HeaderParameters.Parameter {
    /// Splits a name like `filename*1*` into `filename`, section 1, extended.
    init?(rawName: String, value: [UInt8]) {
        guard !rawName.isEmpty else { return nil }
        var parts = rawName.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        isExtended = rawName.hasSuffix("*")
        if isExtended { parts.removeLast() }
        name = parts.first ?? rawName
        section = parts.count > 1 ? Int(parts[1]) : nil
        if parts.count > 1, section == nil { return nil }
        self.value = value
    }
}
