import Foundation
import Hummingbird
import SwitchboardCore

/// Field checks shared by the controllers. Each collects errors so one answer names every bad field.
struct Validator {
    private(set) var errors: [FieldError] = []

    mutating func text(_ value: String?, _ field: String, max: Int, required: Bool = false) {
        guard let value else {
            if required { errors.append(FieldError(field: field, message: "is required")) }
            return
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.append(FieldError(field: field, message: "must not be empty"))
        } else if value.count > max {
            errors.append(FieldError(field: field, message: "must be at most \(max) characters"))
        }
    }

    mutating func email(_ value: String?, _ field: String) {
        guard let value else { return }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || value.contains(where: \.isWhitespace)
            || value.count > 254 || value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .format })
        {
            errors.append(FieldError(field: field, message: "must be an email address"))
        }
    }

    mutating func range(_ value: Int?, _ field: String, _ range: ClosedRange<Int>) {
        guard let value else { return }
        if !range.contains(value) {
            errors.append(FieldError(field: field, message: "must be between \(range.lowerBound) and \(range.upperBound)"))
        }
    }

    mutating func attributes(_ value: [String: JSONValue], _ field: String) {
        errors += ContactAttributeLimits.problems(value, field: field)
    }

    mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    func check() throws {
        if !errors.isEmpty { throw SwitchboardError.invalid(errors) }
    }
}

/// Opaque list cursors: the id to continue after, so walks are stable while new items arrive.
enum Cursor {
    /// Splits `limit + 1` fetched rows into the page and the cursor for the next one (nil on the last page).
    static func page<Item>(_ rows: [Item], limit: Int, id: (Item) -> Int64) -> ([Item], String?) {
        guard rows.count > limit else { return (rows, nil) }
        let shown = Array(rows.prefix(limit))
        return (shown, shown.last.map { encode(id($0)) })
    }

    static func encode(_ id: Int64) -> String {
        Data("c:\(id)".utf8).base64EncodedString()
    }

    static func decode(_ text: String?) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
            plain.hasPrefix("c:"), let id = Int64(plain.dropFirst(2)), id > 0
        else {
            throw SwitchboardError.invalid("cursor", "is not a cursor this server issued")
        }
        return id
    }
}

/// Query string and path parameter parsing with field-named errors.
struct QueryReader {
    let values: [String: String]

    init(_ request: Request) {
        values = Self.parse(request.uri.query ?? "")
    }

    /// `application/x-www-form-urlencoded` rules, as browsers and HTTP libraries encode query strings:
    /// `+` is a space (`%2B` a plus), then percent-decoding; the last of a repeated name wins.
    static func parse(_ query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) -> String in
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return values
    }

    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func id(_ name: String) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let id = Int64(text), id > 0 else { throw SwitchboardError.invalid(name, "must be a positive integer") }
        return id
    }

    func limit(default value: Int = 25, max: Int = 100) throws -> Int {
        guard let text = string("limit") else { return value }
        guard let limit = Int(text), (1...max).contains(limit) else {
            throw SwitchboardError.invalid("limit", "must be an integer from 1 to \(max)")
        }
        return limit
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw SwitchboardError.invalid(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
