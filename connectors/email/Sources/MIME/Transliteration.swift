/// Latin spellings of Cyrillic letters, for ASCII fallback file names.
///
/// A client that ignores RFC 2231 then shows `Schet dlya Romashki.pdf` instead of `____.pdf`. Russian and
/// Ukrainian letters are covered; other scripts fall back to `_`.
enum Transliteration {
    static func latin(_ scalar: Unicode.Scalar) -> String? {
        if let lower = table[scalar] { return lower }
        let lowered = String(scalar).lowercased().unicodeScalars
        guard lowered.count == 1, let first = lowered.first, let lower = table[first], !lower.isEmpty else {
            return nil
        }
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }

    private static let table: [Unicode.Scalar: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "№": "No", "«": "\"", "»": "\"",
        "—": "-", "–": "-",
    ]
}
