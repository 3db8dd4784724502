import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// `GET /api/v1/exports/conversations`: one row per conversation created in the period, as CSV a
/// spreadsheet opens directly. The rows are read and written a page at a time while the response is
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
        // XLSX is not written yet: asking for it is a 422 that says what is.
        let parameters = try ReportParameters(request, accountID: principal.accountID, formats: [.csv])
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
