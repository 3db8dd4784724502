/// How names and numbers are written into IMAP commands and URLs.
enum IMAPEncoding {
    /// A mailbox name as IMAP stores it (RFC 3501 §5.1.3, “modified UTF-7”): printable ASCII
    /// as is, `&` as `&-`, anything else as base64 of its UTF-16 between `&` and `-`.
    static func modifiedUTF7(_ name: String) -> String {
        var output = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            output += "&" + base64(bytes) + "-"
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                output += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return output
    }

    /// An IMAP quoted string: `"INBOX"`, with `\` and `"` escaped.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for character in text {
            if character == "\\" || character == "\"" { output.append("\\") }
            output.append(character)
        }
        return output + "\""
    }

    /// Percent-encodes everything but letters, digits and `-._~`, for a URL path segment.
    static func urlPathSegment(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + hex(byte)
            }
        }
        return output
    }

    /// A UID set with runs collapsed: `[1, 2, 3, 7, 9, 10]` → `1:3,7,9:10`.
    static func uidSet<S: Sequence<UInt32>>(_ uids: S) -> String {
        let sorted = Set(uids).sorted()
        var ranges: [String] = []
        var index = sorted.startIndex
        while index < sorted.endIndex {
            let start = sorted[index]
            var end = start
            while index + 1 < sorted.endIndex && sorted[index + 1] == end &+ 1 {
                index += 1
                end = sorted[index]
            }
            ranges.append(start == end ? "\(start)" : "\(start):\(end)")
            index += 1
        }
        return ranges.joined(separator: ",")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// Base64 with `,` for `/` and without padding, as modified UTF-7 wants it.
    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count {
                output.append(alphabet[Int((value >> (18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return output
    }
}
