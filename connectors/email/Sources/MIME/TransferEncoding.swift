/// Content-Transfer-Encoding for outgoing parts: quoted-printable for mostly-ASCII text, base64 otherwise.
enum TransferEncoding: String {
    case quotedPrintable = "quoted-printable"
    case base64

    /// The cheaper encoding for `bytes`: QP grows by two bytes per escaped byte, base64 by a third overall.
    static func best(for bytes: [UInt8]) -> TransferEncoding {
        let escaped = bytes.count { $0 >= 0x80 || $0 == ASCII.equals || ($0 < 0x20 && !ASCII.isWhitespace($0)) }
        return escaped * 3 > bytes.count / 3 + 16 ? .base64 : .quotedPrintable
    }

    func encode(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .quotedPrintable: TransferEncoding.quotedPrintable(bytes)
        case .base64: TransferEncoding.base64(bytes, lineLength: 76)
        }
    }

    /// Base64 in CRLF-separated lines of `lineLength` characters (no line breaks when nil).
    static func base64(_ bytes: [UInt8], lineLength: Int?) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 8)
        var column = 0
        var index = 0
        while index < bytes.count {
            let chunk = min(3, bytes.count - index)
            let b0 = UInt32(bytes[index])
            let b1 = chunk > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = chunk > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            if let lineLength, column == lineLength {
                output += [ASCII.carriageReturn, ASCII.lineFeed]
                column = 0
            }
            output.append(alphabet[Int(triple >> 18 & 63)])
            output.append(alphabet[Int(triple >> 12 & 63)])
            output.append(chunk > 1 ? alphabet[Int(triple >> 6 & 63)] : ASCII.equals)
            output.append(chunk > 2 ? alphabet[Int(triple & 63)] : ASCII.equals)
            column += 4
            index += 3
        }
        return output
    }

    /// Quoted-printable with CRLF hard breaks and soft breaks keeping every line within 76 characters. Blanks
    /// before a line break, and a leading `.` or `From ` (which some servers and mailbox formats alter), are
    /// escaped.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        var index = 0
        func append(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {
                output += [ASCII.equals, ASCII.carriageReturn, ASCII.lineFeed]
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        func escaped(_ byte: UInt8) -> [UInt8] {
            [ASCII.equals, ASCII.hexDigits[Int(byte >> 4)], ASCII.hexDigits[Int(byte & 15)]]
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == ASCII.carriageReturn, next == ASCII.lineFeed {
                output += [ASCII.carriageReturn, ASCII.lineFeed]
                lineLength = 0
                index += 2
                continue
            }
            let atLineEnd = next == nil || next == ASCII.carriageReturn
            let atLineStart = lineLength == 0
            let startsFrom = atLineStart && bytes[index...].starts(with: Array("From ".utf8))
            switch byte {
            case ASCII.space, ASCII.tab:
                append(atLineEnd ? escaped(byte) : [byte])
            case 0x21...0x7E where byte != ASCII.equals && !(atLineStart && byte == UInt8(ascii: ".")) && !startsFrom:
                append([byte])
            default:
                append(escaped(byte))
            }
            index += 1
        }
        return output
    }
}
