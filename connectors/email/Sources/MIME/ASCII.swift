/// Byte constants and small byte tests shared by the MIME readers.
///
/// Mail is bytes first: headers, boundaries and encodings are ASCII, while the text between them may be in any
/// charset. Working on bytes until the charset is known keeps that text intact.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let asterisk: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lineFeed || byte == carriageReturn
    }

    /// Space or tab: what starts a folded header line.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Two uppercase hex digits for a byte.
    static func hex(_ byte: UInt8) -> String {
        String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]], as: UTF8.self)
    }
}

extension Collection<UInt8> {
    /// The bytes without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> SubSequence {
        let start = firstIndex { !ASCII.isWhitespace($0) } ?? endIndex
        var end = endIndex
        var index = start
        while index != endIndex {
            if !ASCII.isWhitespace(self[index]) { end = self.index(after: index) }
            index = self.index(after: index)
        }
        return self[start..<end]
    }

    /// Whether the bytes begin with `prefix`, comparing ASCII letters without regard to case.
    func hasASCIIPrefix(_ prefix: some Collection<UInt8>, caseInsensitive: Bool = false) -> Bool {
        var index = startIndex
        for expected in prefix {
            guard index != endIndex else { return false }
            let actual = self[index]
            if caseInsensitive ? ASCII.lowercased(actual) != ASCII.lowercased(expected) : actual != expected {
                return false
            }
            index = self.index(after: index)
        }
        return true
    }

    /// True when every byte is 7-bit.
    var isASCII: Bool { allSatisfy { $0 < 0x80 } }
}

extension ArraySlice<UInt8> {
    /// The position of `needle` at or after `from`, comparing ASCII letters without regard to case.
    func firstRange(ofCaseInsensitive needle: [UInt8], from: Int) -> Range<Int>? {
        guard let first = needle.first, needle.count <= count else { return nil }
        let lowerFirst = ASCII.lowercased(first)
        var index = Swift.max(from, startIndex)
        let last = endIndex - needle.count
        while index <= last {
            if ASCII.lowercased(self[index]) == lowerFirst, self[index...].hasASCIIPrefix(needle, caseInsensitive: true)
            {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }
}
