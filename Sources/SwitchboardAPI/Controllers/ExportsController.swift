import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// `GET /api/v1/exports/conversations`: one row per conversation created in the period, as CSV a
/// spreadsheet opens directly or as an XLSX workbook with typed cells. The rows are read and written a page at a time while the response is
/// streamed, so memory stays flat whatever the size; each export is audited (`export.created`).
struct ExportsController {
    static let pageSize = 500

    static let header = [
        "id", "created_at", "resolved_at", "status", "inbox", "channel", "contact", "category", "subcategory", "labels",
        "priority", "team", "assignee", "messages_in", "messages_out", "first_response_seconds", "resolution_seconds",
        "wait_for_assignment_seconds", "missed", "csat_rating", "csat_comment",
    ]

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("conversations", use: conversations)
    }

    @Sendable func conversations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.readReports)
        let parameters = try ReportParameters(request, accountID: principal.accountID, formats: [.csv, .xlsx])
        let query = parameters.query
        let zoneName = try await deps.accounts.account(id: principal.accountID)?.timeZone ?? "UTC"
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!
        // The first page is read before answering, so a database problem is still a proper 503.
        let first = try await deps.reports.exportPage(query, afterID: 0, limit: Self.pageSize)
        try await deps.reports.auditExport(
            accountID: principal.accountID, actorID: principal.agent.id,
            data: ["kind": .string("conversations"), "filters": .object(parameters.given.mapValues { .string($0) })]
        )
        let reports = deps.reports
        if parameters.format == .xlsx { return Self.workbook(first: first, query: query, zone: zone, reports: reports) }
        let name = "conversations-\(query.period.from)-\(query.period.to).csv"
        return Response(
            status: .ok,
            headers: [.contentType: CSV.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSV.byteOrderMark + CSV.line(Self.header)))
                var page = first
                while !page.isEmpty {
                    var text = ""
                    for row in page { text += CSV.line(Self.fields(row, zone: zone)) }
                    try await writer.write(ByteBuffer(string: text))
                    guard page.count == Self.pageSize, let last = page.last?.id else { break }
                    page = try await reports.exportPage(query, afterID: last, limit: Self.pageSize)
                }
                try await writer.finish(nil)
            }
        )
    }

    /// The same rows as a workbook, streamed: the fixed parts, then the sheet a page at a time, then the
    /// zip's directory. A sheet holds at most `XLSX.maxRows` rows; the rows past that are left out.
    static func workbook(first: [ExportRow], query: ReportQuery, zone: TimeZone, reports: any ReportStore) -> Response {
        let name = "conversations-\(query.period.from)-\(query.period.to).xlsx"
        return Response(
            status: .ok,
            headers: [.contentType: XLSX.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody { writer in
                var zip = ZipWriter()
                var start = ByteBuffer()
                for (part, text) in XLSX.fixedParts(sheetName: "Conversations") { start.writeBytes(zip.storedEntry(part, Array(text.utf8))) }
                start.writeBytes(zip.beginEntry("xl/worksheets/sheet1.xml"))
                try await writer.write(start)
                let head = ByteBuffer(
                    string: XLSX.sheetStart(columns: header.count) + XLSX.row(1, header.map { .text($0) }, zone: zone, header: true)
                )
                try zip.write(head)
                try await writer.write(head)
                var page = first
                var written = 1
                while !page.isEmpty {
                    var text = ""
                    for row in page.prefix(XLSX.maxRows - written) {
                        written += 1
                        text += XLSX.row(written, Self.cells(row), zone: zone)
                    }
                    let chunk = ByteBuffer(string: text)
                    try zip.write(chunk)
                    try await writer.write(chunk)
                    guard page.count == Self.pageSize, written < XLSX.maxRows, let last = page.last?.id else { break }
                    page = try await reports.exportPage(query, afterID: last, limit: Self.pageSize)
                }
                let end = ByteBuffer(string: XLSX.sheetEnd)
                try zip.write(end)
                var tail = end
                tail.writeBytes(zip.endEntry())
                tail.writeBytes(zip.finish())
                try await writer.write(tail)
                try await writer.finish(nil)
            }
        )
    }

    /// One conversation as typed cells, in the order of `header`.
    static func cells(_ row: ExportRow) -> [XLSX.Cell] {
        [
            .number(Double(row.id)), .time(row.createdAt), .time(row.resolvedAt), .text(row.status.rawValue), .text(row.inbox),
            .text(row.channel), .text(row.contact), .text(row.category), .text(row.subcategory),
            .text(row.labels.joined(separator: ", ")), .text(row.priority.rawValue), .text(row.team), .text(row.assignee),
            .number(Double(row.messagesIn)), .number(Double(row.messagesOut)), .number(roundedSeconds(row.firstResponseSeconds)),
            .number(roundedSeconds(row.resolutionSeconds)), .number(roundedSeconds(row.waitSeconds)),
            .text(row.missed ? "yes" : "no"), .number(row.csatRating.map(Double.init)), .text(row.csatComment),
        ]
    }

    static func fields(_ row: ExportRow, zone: TimeZone) -> [String] {
        [
            String(row.id), CSV.time(row.createdAt, in: zone), CSV.time(row.resolvedAt, in: zone), row.status.rawValue,
            CSV.text(row.inbox), row.channel, CSV.text(row.contact), CSV.text(row.category), CSV.text(row.subcategory),
            CSV.text(row.labels.joined(separator: ", ")), row.priority.rawValue, CSV.text(row.team), CSV.text(row.assignee),
            String(row.messagesIn), String(row.messagesOut), CSV.number(roundedSeconds(row.firstResponseSeconds)),
            CSV.number(roundedSeconds(row.resolutionSeconds)), CSV.number(roundedSeconds(row.waitSeconds)),
            row.missed ? "yes" : "no", row.csatRating.map(String.init) ?? "", CSV.text(row.csatComment),
        ]
    }
}
