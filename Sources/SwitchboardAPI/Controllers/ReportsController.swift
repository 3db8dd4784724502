import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// `/api/v1/reports/…`: figures for admins and supervisors, as JSON or (`format=csv`) as a table for a
/// spreadsheet. Every route reads the stamped metrics through `ReportStore`; see the README's definitions.
struct ReportsController {
    /// Hourly buckets are for short periods: a month of hours is 744 points already.
    static let maxHourlyDays = 31

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("summary", use: summary)
        group.get("timeseries", use: timeseries)
        group.get("heatmap", use: heatmap)
        group.get("breakdown", use: breakdown)
        group.get("live", use: live)
    }

    /// The principal's account, after checking they may read reports.
    static func authorizedAccount(_ context: AppRequestContext) throws -> Int64 {
        let principal = try context.requirePrincipal()
        try principal.authorize(.readReports)
        return principal.accountID
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try Self.authorizedAccount(context)
        let parameters = try ReportParameters(request, accountID: account, formats: Self.formats)
        let (current, previous) = try await deps.reports.summary(parameters.query)
        guard parameters.format != .json else { return try JSONBody.response(SummaryDTO(current: current, previous: previous)) }
        let rows: [[XLSX.Cell]] = zip(FiguresDTO.columns(current), FiguresDTO.columns(previous)).map { now, before in
            [.text(now.0), .number(now.1), .number(before.1)]
        }
        return try await table(parameters.format, account: account, header: ["figure", "value", "previous"], rows: rows, name: "summary")
    }

    @Sendable func timeseries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try Self.authorizedAccount(context)
        let parameters = try ReportParameters(request, accountID: account, formats: Self.formats)
        let reader = QueryReader(request)
        guard let metric = try reader.enumeration("metric", ReportMetric.self) else {
            throw SwitchboardError.invalid("metric", "is required: one of \(ReportMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let bucket = try reader.enumeration("group_by", TimeBucket.self) ?? .day
        if bucket == .hour, parameters.query.period.days > Self.maxHourlyDays {
            throw SwitchboardError.invalid("group_by", "hour is for periods of at most \(Self.maxHourlyDays) days")
        }
        let points = try await deps.reports.timeseries(parameters.query, metric: metric, bucket: bucket)
        guard parameters.format != .json else {
            return try JSONBody.response(ItemsDTO(items: points.map { TimeseriesPointDTO(start: $0.start, value: $0.value) }))
        }
        let rows: [[XLSX.Cell]] = points.map { [.time($0.start), .number(roundedSeconds($0.value))] }
        return try await table(parameters.format, account: account, header: ["start", metric.rawValue], rows: rows, name: "timeseries")
    }

    @Sendable func heatmap(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try Self.authorizedAccount(context)
        let parameters = try ReportParameters(request, accountID: account, formats: Self.formats)
        let cells = try await deps.reports.heatmap(parameters.query).map(HeatmapCellDTO.init)
        guard parameters.format != .json else { return try JSONBody.response(ItemsDTO(items: cells)) }
        let rows: [[XLSX.Cell]] = cells.map { [.text($0.weekday), .number(Double($0.hour)), .number(Double($0.conversations))] }
        return try await table(parameters.format, account: account, header: ["weekday", "hour", "conversations"], rows: rows, name: "heatmap")
    }

    @Sendable func breakdown(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try Self.authorizedAccount(context)
        let parameters = try ReportParameters(request, accountID: account, formats: Self.formats)
        guard let dimension = try QueryReader(request).enumeration("by", BreakdownDimension.self) else {
            throw SwitchboardError.invalid("by", "is required: one of \(BreakdownDimension.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let rows = try await deps.reports.breakdown(parameters.query, by: dimension)
        let hasID = [.agent, .team, .inbox].contains(dimension)
        let hasOnline = dimension == .agent
        guard parameters.format != .json else {
            return try JSONBody.response(ItemsDTO(items: rows.map { BreakdownItemDTO(row: $0, hasID: hasID, hasOnline: hasOnline) }))
        }
        let header = ["key_id", "key_name"] + FiguresDTO.columns(ReportFigures()).map(\.0) + (hasOnline ? ["online_seconds"] : [])
        let lines: [[XLSX.Cell]] = rows.map { row in
            [.number(row.id.map(Double.init)), .text(row.name)] + FiguresDTO.columns(row.figures).map { .number($0.1) }
                + (hasOnline ? [.number(roundedSeconds(row.onlineSeconds))] : [])
        }
        return try await table(parameters.format, account: account, header: header, rows: lines, name: "breakdown-\(dimension.rawValue)")
    }

    @Sendable func live(_ request: Request, context: AppRequestContext) async throws -> Response {
        let account = try Self.authorizedAccount(context)
        let reader = QueryReader(request)
        let format = reader.string("format") ?? "json"
        guard ["json", "csv"].contains(format) else { throw SwitchboardError.invalid("format", "must be one of json, csv") }
        let live = try await deps.reports.live(accountID: account)
        guard format == "csv" else { return try JSONBody.response(LiveDTO(live: live)) }
        var rows: [[String]] = [
            ["open", String(live.open)], ["unassigned", String(live.unassigned)],
            ["waiting_for_first_response", String(live.waitingForFirstResponse)], ["pending", String(live.pending)],
            ["snoozed", String(live.snoozed)], ["longest_wait_seconds", CSV.number(roundedSeconds(live.longestWaitSeconds))],
        ]
        for queue in live.queue {
            let team = queue.teamID.map(String.init) ?? "none"
            rows.append(["queue.team_\(team).waiting", String(queue.waiting)])
            rows.append(["queue.team_\(team).oldest_wait_seconds", CSV.number(roundedSeconds(queue.oldestWaitSeconds))])
        }
        for agent in live.agents {
            rows.append(["agents.\(agent.id).open_assigned", String(agent.openAssigned)])
        }
        return Self.csv(CSV.document(header: ["figure", "value"], rows: rows), name: "live")
    }

    func accountZone(_ accountID: Int64) async throws -> TimeZone {
        let name = try await deps.accounts.account(id: accountID)?.timeZone ?? "UTC"
        return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
    }

    /// The formats of the report routes (live answers json and csv only).
    static let formats: [ReportParameters.Format] = [.json, .csv, .xlsx]

    /// A report's table as CSV or as a one-sheet workbook.
    func table(
        _ format: ReportParameters.Format, account: Int64, header: [String], rows: [[XLSX.Cell]], name: String
    ) async throws -> Response {
        let zone = try await accountZone(account)
        guard format == .xlsx else {
            let lines = rows.map { cells in
                cells.map { cell -> String in
                    switch cell {
                    case .text(let value): CSV.text(value)
                    case .number(let value): CSV.number(value)
                    case .time(let value): CSV.time(value, in: zone)
                    }
                }
            }
            return Self.csv(CSV.document(header: header, rows: lines), name: name)
        }
        return Response(
            status: .ok,
            headers: [.contentType: XLSX.contentType, .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
            body: .init(byteBuffer: XLSX.document(header: header, rows: rows, zone: zone, sheetName: name))
        )
    }

    static func csv(_ body: ByteBuffer, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: CSV.contentType, .contentDisposition: "attachment; filename=\"\(name).csv\""],
            body: .init(byteBuffer: body)
        )
    }
}
