/// Undoes Content-Transfer-Encoding, forgiving the damage mail picks up on the way.
///
/// Real mail has base64 with odd line lengths, stray spaces and missing padding, and quoted-printable with trailing
/// blanks and broken escapes; a strict decoder would lose the message, so these keep every byte they can.
enum TransferDecoding {
    static func decode(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmed() {
        case "base64": base64(body)
        case "quoted-printable": quotedPrintable(body)
        default: Array(body)
        }
    }

    /// Base64 that skips anything outside the alphabet; `=` ends a quantum, so glued blocks still decode, and a
    /// truncated tail yields the whole bytes it holds.
    static func base64(_ input: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 3)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = base64Values[Int(byte)]
            if value < 64 {
                buffer = (buffer << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                }
            } else if byte == ASCII.equals {
                bits = 0
                buffer = 0
            }
        }
        return output
    }

    /// Quoted-printable: `=XX` escapes, soft breaks (`=` at line end, even with blanks after it), transport-added
    /// blanks at line ends dropped, and malformed escapes kept as written.
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var lineStart = input.startIndex
        while lineStart < input.endIndex {
            let newline = input[lineStart...].firstIndex(of: ASCII.lineFeed)
            var contentEnd = newline ?? input.endIndex
            if contentEnd > lineStart, input[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
            while contentEnd > lineStart, ASCII.isBlank(input[contentEnd - 1]) { contentEnd -= 1 }
            var softBreak = false
            var index = lineStart
            while index < contentEnd {
                let byte = input[index]
                if byte == ASCII.equals {
                    if index + 1 == contentEnd {
                        softBreak = true
                        index += 1
                        continue
                    }
                    if index + 2 < contentEnd, let high = ASCII.hexValue(input[index + 1]),
                        let low = ASCII.hexValue(input[index + 2])
                    {
                        output.append(high << 4 | low)
                        index += 3
                        continue
                    }
                }
                output.append(byte)
                index += 1
            }
            guard let newline else { break }
            if !softBreak { output.append(contentsOf: [ASCII.carriageReturn, ASCII.lineFeed]) }
            lineStart = newline + 1
        }
        return output
    }

    /// The Q encoding of RFC 2047 encoded words: quoted-printable where `_` stands for a space.
    static func qEncoding(_ input: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        let bytes = Array(input)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.underscore {
                output.append(ASCII.space)
            } else if byte == ASCII.equals, index + 2 < bytes.count,
                let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// 0...63 for alphabet bytes, 255 otherwise.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
