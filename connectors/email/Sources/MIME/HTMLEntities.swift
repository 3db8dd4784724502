/// Decodes HTML character references: named ones mail actually uses, and numeric ones.
enum HTMLEntities {
    static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let (replacement, next) = reference(in: text, at: index) else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            result += replacement
            index = next
        }
        return result
    }

    static func decode(_ text: String) -> String { decode(text[...]) }

    /// The text a reference at `start` (an `&`) stands for, and where it ends.
    private static func reference(in text: Substring, at start: Substring.Index) -> (String, Substring.Index)? {
        var index = text.index(after: start)
        guard index < text.endIndex else { return nil }
        if text[index] == "#" {
            index = text.index(after: index)
            var radix = 10
            if index < text.endIndex, text[index] == "x" || text[index] == "X" {
                radix = 16
                index = text.index(after: index)
            }
            let digitsStart = index
            while index < text.endIndex, text[index].isHexDigit, text.distance(from: digitsStart, to: index) < 8 {
                if radix == 10, !text[index].isASCIIDigit { break }
                index = text.index(after: index)
            }
            guard digitsStart < index, let value = Int(text[digitsStart..<index], radix: radix) else { return nil }
            if index < text.endIndex, text[index] == ";" { index = text.index(after: index) }
            return (String(Character(scalar(for: value))), index)
        }
        let nameStart = index
        while index < text.endIndex, text[index].isASCIILetterOrDigit, text.distance(from: nameStart, to: index) < 32 {
            index = text.index(after: index)
        }
        let name = String(text[nameStart..<index])
        guard !name.isEmpty else { return nil }
        if index < text.endIndex, text[index] == ";", let value = named[name] ?? named[name.lowercased()] {
            return (value, text.index(after: index))
        }
        if let value = named[name], lenient.contains(name) { return (value, index) }
        return nil
    }

    /// The scalar for a numeric reference, mapping the Windows-1252 range as browsers do.
    private static func scalar(for value: Int) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value), let mapped = windows1252[value - 0x80] { return mapped }
        guard value != 0, let scalar = Unicode.Scalar(UInt32(clamping: value)) else { return "\u{FFFD}" }
        return scalar
    }

    /// References accepted without the closing semicolon, as browsers do for these.
    private static let lenient: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
        "thinsp": " ", "shy": "", "zwnj": "", "zwj": "", "lrm": "", "rlm": "",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "minus": "−",
        "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "ldquo": "“", "rdquo": "”", "bdquo": "„",
        "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "prime": "′", "Prime": "″",
        "bull": "•", "middot": "·", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷", "micro": "µ",
        "para": "¶", "sect": "§", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "curren": "¤",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup1": "¹", "sup2": "²", "sup3": "³", "iexcl": "¡",
        "iquest": "¿", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "check": "✓",
        "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã", "auml": "ä", "aring": "å", "aelig": "æ",
        "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê", "euml": "ë", "igrave": "ì", "iacute": "í",
        "icirc": "î", "iuml": "ï", "ntilde": "ñ", "ograve": "ò", "oacute": "ó", "ocirc": "ô", "otilde": "õ",
        "ouml": "ö", "oslash": "ø", "ugrave": "ù", "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý",
        "szlig": "ß", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "Eacute": "É", "Agrave": "À", "Ccedil": "Ç",
    ]

    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
