/// One header field as it stood in the message: its name and its unfolded value, still raw bytes.
///
/// Values stay bytes until the charset is known, so old mailers' raw 8-bit headers can be read in the body's charset.
struct RawHeaderField: Sendable {
    let name: String
    let lowercasedName: String
    let value: [UInt8]
}

/// The header section of a message or a body part.
struct RawHeaders: Sendable {
    var fields: [RawHeaderField] = []

    func first(_ name: String) -> [UInt8]? {
        let key = name.lowercased()
        return fields.first { $0.lowercasedName == key }?.value
    }

    func all(_ name: String) -> [[UInt8]] {
        let key = name.lowercased()
        return fields.filter { $0.lowercasedName == key }.map(\.value)
    }

    /// The first value as ASCII-ish text without decoding encoded words: for structured fields like Content-Type.
    func plain(_ name: String) -> String? {
        first(name).map { CharsetDecoder.lossyUTF8($0).trimmed() }
    }
}

/// Splits an entity into its header fields and the offset where its body starts.
///
/// Folded lines (CRLF or bare LF followed by a blank) are unfolded by dropping the line break. A missing blank line
/// is survived: the first line that cannot be a header field starts the body.
///
/// With `skipMboxLine` (a whole message), the junk real parsers skip is skipped too, as Python's `email` package
/// does: an mbox `From ` envelope line wherever it stands in the header block (first, as mbox files and local
/// delivery agents leave it, or below the `Return-Path`/`Delivered-To` a mail server adds on delivery), and
/// whitespace-only lines before the first field. Otherwise the whole header block would be read as body.
enum HeaderBlockParser {
    static func parse(_ bytes: ArraySlice<UInt8>, skipMboxLine: Bool = false) -> (RawHeaders, bodyStart: Int) {
        var headers = RawHeaders()
        var index = bytes.startIndex
        let envelopePrefix = Array("From ".utf8)
        var pending: (name: String, value: [UInt8])?
        func finishPending() {
            guard let field = pending else { return }
            let value = Array(field.value.trimmingASCIIWhitespace())
            headers.fields.append(
                RawHeaderField(name: field.name, lowercasedName: field.name.lowercased(), value: value))
            pending = nil
        }
        while index < bytes.endIndex {
            let newline = bytes[index...].firstIndex(of: ASCII.lineFeed)
            let lineEnd = newline ?? bytes.endIndex
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            if line.isEmpty {
                finishPending()
                return (headers, min(lineEnd + 1, bytes.endIndex))
            }
            if ASCII.isBlank(line[line.startIndex]), pending != nil {
                pending?.value.append(contentsOf: line)
            } else if let colon = headerNameEnd(line) {
                finishPending()
                let name = CharsetDecoder.lossyUTF8(line[line.startIndex..<colon].trimmingASCIIWhitespace())
                pending = (name, Array(line[(colon + 1)...]))
            } else if skipMboxLine, ASCII.isBlank(line[line.startIndex]) || line.hasASCIIPrefix(envelopePrefix) {
                finishPending()  // an envelope line, or a stray continuation before any field
            } else {
                finishPending()
                return (headers, index)
            }
            index = lineEnd + 1
        }
        finishPending()
        return (headers, bytes.endIndex)
    }

    /// The position of the colon when `line` starts like a header field (`Name:` or `Name :`), else nil.
    private static func headerNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var index = line.startIndex
        while index < line.endIndex, index - line.startIndex < 128 {
            let byte = line[index]
            if byte == ASCII.colon { return index > line.startIndex ? index : nil }
            if ASCII.isBlank(byte) {
                let afterBlanks = line[index...].firstIndex { !ASCII.isBlank($0) }
                guard let afterBlanks, line[afterBlanks] == ASCII.colon, index > line.startIndex else { return nil }
                return afterBlanks
            }
            guard byte > 0x20, byte < 0x7F else { return nil }
            index += 1
        }
        return nil
    }
}
