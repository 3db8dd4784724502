import Foundation
import Hummingbird
import SwitchboardCore

/// The query parameters every report and export shares: the period (`from`, `to`, inclusive days in the
/// account's time zone), the filters and `format`. A bad one is a 422 that names it.
struct ReportParameters {
    enum Format: String, CaseIterable {
        case json, csv, xlsx
    }

    var query: ReportQuery
    var format: Format
    /// The parameters as given, for the audit entry of an export.
    var given: [String: String]

    static let filterNames = ["inbox_id", "team_id", "agent_id", "channel", "category", "label"]

    /// `formats` are the ones the route answers (the first is the default).
    init(_ request: Request, accountID: Int64, formats: [Format] = [.json, .csv]) throws {
        let reader = QueryReader(request)
        let from = try Self.date(reader, "from")
        let to = try Self.date(reader, "to")
        var filters = ReportFilters()
        filters.inboxID = try reader.id("inbox_id")
        filters.teamID = try reader.id("team_id")
        filters.agentID = try reader.id("agent_id")
        filters.channel = try reader.enumeration("channel", ChannelKind.self)
        filters.category = try Self.text(reader, "category", max: 201)
        filters.label = try Self.text(reader, "label", max: 200)
        var businessHours = false
        if let hours = reader.string("business_hours") {
            switch hours {
            case "false": break
            case "true": businessHours = true
            default: throw SwitchboardError.invalid("business_hours", "must be true or false")
            }
        }
        let formatText = reader.string("format") ?? formats[0].rawValue
        guard let format = Format(rawValue: formatText), formats.contains(format) else {
            throw SwitchboardError.invalid("format", "must be one of \(formats.map(\.rawValue).joined(separator: ", "))")
        }
        self.query = ReportQuery(
            accountID: accountID, period: try ReportPeriod(from: from, to: to), filters: filters, businessHours: businessHours
        )
        self.format = format
        self.given = reader.values.filter { ["from", "to", "format", "business_hours"].contains($0.key) || Self.filterNames.contains($0.key) }
    }

    static func date(_ reader: QueryReader, _ name: String) throws -> LocalDate {
        guard let text = reader.string(name) else { throw SwitchboardError.invalid(name, "is required (YYYY-MM-DD)") }
        guard let date = LocalDate(text) else { throw SwitchboardError.invalid(name, "must be a date such as 2026-03-01") }
        return date
    }

    static func text(_ reader: QueryReader, _ name: String, max: Int) throws -> String? {
        guard let text = reader.string(name) else { return nil }
        guard text.count <= max, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw SwitchboardError.invalid(name, "must be at most \(max) characters, without control characters")
        }
        return text
    }
}
