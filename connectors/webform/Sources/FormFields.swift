import Foundation
import SwitchboardCore

/// The text fields of one submission, whatever encoding they came in.
///
/// Values are trimmed, line endings become `\n`, and empty values are dropped. A name sent twice
/// (checkbox groups, `tags=a&tags=b`) keeps every non-empty value, joined with ", " in arrival
/// order, so nothing a person ticked is lost. Names are case-sensitive. Names longer than
/// ``FormFieldNames/maxNameLength`` or with control characters, and more than
/// ``FormFieldNames/maxFieldCount`` distinct names, are reported as problems (the submission is
/// refused with 422 rather than silently losing data).
struct FormFields {
    /// Non-empty values by field name.
    private(set) var values: [String: JSONValue] = [:]
    /// Every acceptable field name seen, empty or not (the honeypot may arrive empty).
    private(set) var names: Set<String> = []
    /// Field names that were refused, reported under the pseudo-field `fields`.
    private(set) var problems: [FieldError] = []

    /// Adds a text value (urlencoded, multipart, or a JSON string).
    mutating func add(_ name: String, text: String) {
        guard accept(name) else { return }
        let value = Self.normalize(text)
        guard !value.isEmpty else { return }
        if case .string(let earlier) = values[name] {
            values[name] = .string(earlier + ", " + value)
        } else {
            values[name] = .string(value)
        }
    }

    /// Adds a JSON scalar that keeps its type (number or bool).
    mutating func add(_ name: String, json: JSONValue) {
        guard accept(name) else { return }
        values[name] = json
    }

    /// Records a problem with one field's value (a JSON array where a scalar belongs, say).
    mutating func reject(_ name: String, _ message: String) {
        guard accept(name) else { return }
        problems.append(FieldError(field: name, message: message))
    }

    /// The field as text: strings as they are, numbers and bools spelled out; nil when absent.
    func text(_ name: String) -> String? { values[name]?.stringValue }

    private mutating func accept(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        if name.count > FormFieldNames.maxNameLength || name.unicodeScalars.contains(where: Self.isControl) {
            let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { !Self.isControl($0) }))
            let shown =
                visible.count > FormFieldNames.maxNameLength
                ? visible.prefix(FormFieldNames.maxNameLength) + "…" : visible
            problems.append(
                FieldError(
                    field: "fields",
                    message: "field name \"\(shown)\" is not accepted: names are at most "
                        + "\(FormFieldNames.maxNameLength) characters without control characters"
                )
            )
            return false
        }
        if !names.contains(name) && names.count >= FormFieldNames.maxFieldCount {
            if !problems.contains(where: { $0.field == "fields" && $0.message.hasPrefix("too many") }) {
                problems.append(
                    FieldError(
                        field: "fields",
                        message: "too many fields; at most \(FormFieldNames.maxFieldCount) are accepted")
                )
            }
            return false
        }
        names.insert(name)
        return true
    }

    private static func normalize(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}
