/// Escapes text for HTML content and quoted attribute values.
///
/// Everything a page or an email's HTML part interpolates goes through here — inbox names,
/// admin-written texts, error details, paths, message text — so a hostile value can never open a tag
/// or leave an attribute.
public enum HTMLEscape {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
