/// How deeply a JSON text nests arrays and objects, found in one pass without decoding it.
///
/// Decoders recurse once per level and a body of a few kilobytes can nest thousands of levels, so every
/// JSON body is measured before it is decoded and refused past `maxDepth`: no request of ours needs more.
public enum JSONNesting {
    public static let maxDepth = 32

    /// True when `bytes` nest deeper than `limit`; stops reading at the first level past it.
    public static func exceeds(_ limit: Int = maxDepth, in bytes: some Sequence<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}

extension JSONValue {
    /// Levels of arrays and objects: 0 for a scalar, 1 for `[1]` or `{"a": 1}`.
    public var depth: Int {
        switch self {
        case .array(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.values.map(\.depth).max() ?? 0)
        default: 0
        }
    }
}

/// The limits of a contact's custom attributes, checked wherever they are written (API, integrations),
/// so one oversized or deeply nested value cannot slow every later read of that contact.
public enum ContactAttributeLimits {
    public static let maxKeys = 100
    public static let maxKeyLength = 100
    public static let maxValueDepth = 4
    public static let maxEncodedBytes = 32 * 1024

    /// What is wrong with `attributes`, each named by its path under `field`.
    public static func problems(_ attributes: [String: JSONValue], field: String) -> [FieldError] {
        var errors: [FieldError] = []
        if attributes.count > maxKeys { errors.append(FieldError(field: field, message: "must have at most \(maxKeys) keys")) }
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            let shown = key.count > 40 ? String(key.prefix(40)) + "…" : key
            if key.isEmpty || key.count > maxKeyLength || key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.append(FieldError(field: "\(field).\(shown)", message: "keys must be 1 to \(maxKeyLength) characters without control characters"))
            } else if value.depth > maxValueDepth {
                errors.append(FieldError(field: "\(field).\(shown)", message: "must nest at most \(maxValueDepth) levels of lists and objects"))
            }
            if errors.count >= 10 { break }
        }
        if errors.isEmpty, encodedSize(.object(attributes)) > maxEncodedBytes {
            errors.append(FieldError(field: field, message: "must be at most \(maxEncodedBytes / 1024) KB as JSON"))
        }
        return errors
    }

    /// The JSON size, without escapes, found without encoding.
    static func encodedSize(_ value: JSONValue) -> Int {
        switch value {
        case .null, .bool: 5
        case .number: 24
        case .string(let text): text.utf8.count + 2
        case .array(let items): items.reduce(2) { $0 + encodedSize($1) + 1 }
        case .object(let members): members.reduce(2) { $0 + $1.key.utf8.count + 3 + encodedSize($1.value) + 1 }
        }
    }
}
