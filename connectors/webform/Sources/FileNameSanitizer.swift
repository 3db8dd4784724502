/// Makes an uploaded file's name safe to store, show and offer for download.
///
/// Keeps only the last path component (old browsers send `C:\Users\…\file.txt`), drops control
/// and bidirectional-override characters (which can disguise `exe.txt` as `txt.exe`), trims
/// spaces, and caps the length at 255 UTF-8 bytes while keeping the extension. Falls back to
/// `attachment` when nothing usable is left.
enum FileNameSanitizer {
    static let fallback = "attachment"
    static let maxUTF8Bytes = 255

    static func sanitize(_ raw: String) -> String {
        let lastComponent =
            raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
            .last.map(String.init) ?? ""
        let scalars = lastComponent.unicodeScalars.filter { !isUnsafe($0) }
        var name = String(String.UnicodeScalarView(scalars)).trimmingSpaces()
        if name.isEmpty || name.allSatisfy({ $0 == "." }) { return fallback }
        if name.utf8.count > maxUTF8Bytes { name = shorten(name) }
        return name
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            return true
        default:
            return false
        }
    }

    /// Cuts the stem so that stem + extension fit, never splitting a character.
    private static func shorten(_ name: String) -> String {
        var stem = Substring(name)
        var ext = Substring("")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex,
            name.utf8.distance(from: dot, to: name.endIndex) <= 16
        {
            stem = name[..<dot]
            ext = name[dot...]
        }
        let budget = maxUTF8Bytes - ext.utf8.count
        var kept = ""
        for character in stem {
            guard kept.utf8.count + character.utf8.count <= budget else { break }
            kept.append(character)
        }
        return kept + ext
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var result = Substring(self)
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return String(result)
    }
}
