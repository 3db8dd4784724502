import SwitchboardCore

/// Reads `application/x-www-form-urlencoded` bodies, as a browser posts a form without files.
///
/// `+` is a space, `%XX` a byte, and the decoded bytes must be UTF-8. A broken escape or invalid
/// UTF-8 is a malformed body rather than a guess, so garbled text never reaches an agent.
enum URLEncodedFormReader {
    static func read(_ body: [UInt8]) throws(SwitchboardError) -> FormFields {
        var fields = FormFields()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[pair.startIndex..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? []
            let name = try decode(rawName, what: "a field name")
            let value = try decode(rawValue, what: "field \"\(name)\"")
            fields.add(name, text: value)
        }
        return fields
    }

    /// Decodes one name or value; `what` names it in the error.
    static func decode(_ bytes: ArraySlice<UInt8>, what: @autoclosure () -> String) throws(SwitchboardError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw .malformed("\(what()) has a broken percent-escape; encode the body as a browser does")
                }
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .malformed("\(what()) is not valid UTF-8 after percent-decoding")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
