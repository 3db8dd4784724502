import Foundation

/// A `Content-Type` value split into its lower-cased type and its parameters.
///
/// Parameter names are matched case-insensitively; values keep their case (a multipart boundary is
/// case-sensitive) and lose their quotes.
struct MediaType: Equatable {
    /// `type/subtype`, lower-cased.
    var essence: String
    /// Parameter names lower-cased.
    var parameters: [String: String]

    init?(_ header: String) {
        var fields = HeaderParameters.split(header)
        guard !fields.isEmpty else { return nil }
        let essence = fields.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return nil }
        self.essence = essence
        self.parameters = HeaderParameters.parse(fields)
    }

    /// True when no charset is named or it is UTF-8 (or its subset US-ASCII).
    var isUTF8: Bool {
        guard let charset = parameters["charset"]?.lowercased() else { return true }
        return ["utf-8", "utf8", "us-ascii"].contains(charset)
    }
}

/// `; name=value` parameters as used by `Content-Type` and `Content-Disposition`.
///
/// Backslashes are taken literally, as browsers send them: they never escape quotes in form-data
/// headers but percent-encode `"` as `%22` (WHATWG HTML, multipart/form-data encoding), and a
/// Windows path in a file name must survive so its last component can be kept.
enum HeaderParameters {
    /// Splits a header value on `;` outside quoted strings.
    static func split(_ value: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        for character in value {
            if character == "\"" {
                current.append(character)
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// Parses `name=value` fields; names lower-cased, quoted values unquoted.
    /// A name seen twice keeps its first value.
    static func parse(_ fields: [String]) -> [String: String] {
        var parameters: [String: String] = [:]
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let name = field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, parameters[name] == nil else { continue }
            parameters[name] = unquote(field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        return parameters
    }

    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        return String(value.dropFirst().dropLast())
    }
}
