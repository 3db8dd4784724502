import Foundation
import NIOCore

/// CSV as RFC 4180 writes it, for Excel as much as for programs: UTF-8 with a byte order mark (without it
/// Excel reads Cyrillic as mojibake), CRLF line ends, a field quoted when it holds a comma, quote or line
/// break, quotes doubled. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets
/// a leading `'`, so a contact's comment can never become a formula on a coordinator's computer.
enum CSV {
    static let byteOrderMark = "\u{FEFF}"
    static let contentType = "text/csv; charset=utf-8"

    /// One field that came from people (names, comments, labels).
    static func text(_ value: String?) -> String {
        guard let value else { return "" }
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { return quote("'" + value) }
        return quote(value)
    }

    /// A number: integers without a decimal point, others with up to three decimals.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.3f", value)
    }

    static func quote(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, its fields already made with `text`/`number`.
    static func line(_ fields: [String]) -> String { fields.joined(separator: ",") + "\r\n" }

    /// A whole small table (reports) with its BOM and header.
    static func document(header: [String], rows: [[String]]) -> ByteBuffer {
        var text = byteOrderMark + line(header.map(quote))
        for row in rows { text += line(row) }
        return ByteBuffer(string: text)
    }

    /// A time as a spreadsheet reads it, in the account's time zone: `2026-03-01 09:30:00`.
    static func time(_ date: Date?, in zone: TimeZone) -> String {
        guard let date else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0
        )
    }
}
