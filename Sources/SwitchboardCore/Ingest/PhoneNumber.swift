import Foundation

/// Phone numbers as one person's key: `+` and digits (E.164-like), whatever the provider wrote.
public enum PhoneNumber {
    /// `+380 (67) 123-45-67`, `00380671234567` and, with default country code `380`, `067 123 45 67` all
    /// become `+380671234567`; nil when the text is no phone number (letters, too few or too many digits).
    public static func normalize(_ text: String, defaultCountryCode: String? = nil) -> String? {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let international = rest.hasPrefix("+")
        if international { rest = rest.dropFirst() }
        var digits = ""
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -().\u{00A0}".contains(character) {
                return nil
            }
        }
        if !international {
            if digits.hasPrefix("00") {
                digits.removeFirst(2)
            } else if let code = defaultCountryCode, !code.isEmpty, digits.hasPrefix("0") {
                digits = code + digits.dropFirst()
            }
        }
        guard (7...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }
}
