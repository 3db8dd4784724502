/// File name parameters for outgoing attachments.
///
/// Non-ASCII names go out three ways so every client shows something sensible: RFC 2231 `filename*` (modern
/// clients), an encoded-word `name` in Content-Type (Outlook), and an ASCII `filename` fallback (everyone else).
enum AttachmentName {
    /// A quoted-string parameter value.
    static func quoted(_ value: String) -> String {
        let escaped = value.flatMap { $0 == "\"" || $0 == "\\" ? ["\\", $0] : [$0] }
        return "\"" + String(escaped) + "\""
    }

    /// The Content-Type `name`: the name itself when ASCII, otherwise joined encoded words.
    static func typeName(_ name: String) -> String {
        let clean = HeaderEncoding.singleLine(name)
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return clean }
        return HeaderEncoding.encodedWords(clean).joined(separator: " ")
    }

    /// The name in ASCII: Cyrillic transliterated, other non-ASCII runs as `_`, or `attachment.ext` when no
    /// letters are left.
    static func asciiFallback(_ name: String) -> String {
        var result = ""
        for scalar in HeaderEncoding.singleLine(name).unicodeScalars {
            let replacement = scalar.isASCII ? String(scalar) : Transliteration.latin(scalar) ?? "_"
            for character in replacement where character != "\"" && character != "\\" {
                if character == "_", result.hasSuffix("_") { continue }
                result.append(character)
            }
        }
        let parts = result.split(separator: ".", omittingEmptySubsequences: false)
        let stem = parts.count > 1 ? parts.dropLast().joined(separator: ".") : result
        guard !stem.contains(where: { $0.isLetter }) else { return result }
        return parts.count > 1 ? "attachment." + (parts.last ?? "") : "attachment"
    }

    /// `filename*` parameters (split into `filename*0*`, `filename*1*`… when long); none for names the fallback
    /// already carries exactly.
    static func extendedParameters(_ name: String, fallback: String) -> [String] {
        guard name != fallback else { return [] }
        let pieces = split(percentEncoded(HeaderEncoding.singleLine(name)), length: 54)
        guard pieces.count > 1 else { return pieces.map { "filename*=UTF-8''\($0)" } }
        return pieces.enumerated().map { index, piece in
            "filename*\(index)*=\(index == 0 ? "UTF-8''" : "")\(piece)"
        }
    }

    /// Parameter words for a folded header: `value;`, `a=1;`, `b=2`.
    static func parameterWords(_ value: String, _ parameters: [String]) -> [String] {
        let all = [value] + parameters
        return all.enumerated().map { index, word in index < all.count - 1 ? word + ";" : word }
    }

    /// Percent-encodes everything but RFC 2231 attribute characters.
    private static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + ASCII.hex(byte)
            }
        }
        return result
    }

    /// Splits percent-encoded text into pieces of at most `length` characters, never inside a `%XX`.
    private static func split(_ text: String, length: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let unitEnd =
                text[index] == "%"
                ? text.index(index, offsetBy: 3, limitedBy: text.endIndex) ?? text.endIndex
                : text.index(after: index)
            let unit = text[index..<unitEnd]
            if current.count + unit.count > length, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current += unit
            index = unitEnd
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

/// Cleans a caller-supplied media type so it cannot break the header it goes into.
enum MediaTypeText {
    static func clean(_ value: String) -> String {
        let kept = value.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || "/+-._".contains($0)) }
        let parts = kept.split(separator: "/")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return "application/octet-stream" }
        return kept
    }
}
