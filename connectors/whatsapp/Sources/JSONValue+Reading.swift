import SwitchboardCore

/// Lenient reading of webhook JSON: a missing or oddly typed field reads as nil or empty, so one strange
/// field turns its item into `.ignored` instead of failing the whole call.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The elements of an array; empty for anything else.
    var elements: [JSONValue] {
        guard case .array(let array) = self else { return [] }
        return array
    }

    /// A non-empty string (numbers are accepted as Meta sends some ids either way).
    var text: String? {
        switch self {
        case .string(let value): value.isEmpty ? nil : value
        case .number: stringValue
        default: nil
        }
    }

    /// A number, or a string holding one (Meta sends timestamps as strings).
    var number: Double? {
        switch self {
        case .number(let value): value
        case .string(let value): Double(value)
        default: nil
        }
    }
}
