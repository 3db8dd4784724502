import Foundation
import SwitchboardCore

/// Seconds rounded to the millisecond: enough for any timer, and no 1140.0000000002 in a client's table.
func roundedSeconds(_ value: Double?) -> Double? {
    value.map { ($0 * 1000).rounded() / 1000 }
}

struct TimerDTO: Encodable {
    var timer: TimerFigures

    enum CodingKeys: String, CodingKey { case count, mean, median, p90 }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timer.count, forKey: .count)
        try container.encode(roundedSeconds(timer.mean), forKey: .mean)
        try container.encode(roundedSeconds(timer.median), forKey: .median)
        try container.encode(roundedSeconds(timer.p90), forKey: .p90)
    }
}

struct CSATDTO: Encodable {
    var csat: CSATFigures

    enum CodingKeys: String, CodingKey {
        case responses, average, satisfaction, distribution
        case surveysSent = "surveys_sent", responseRate = "response_rate"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(csat.responses, forKey: .responses)
        try container.encode(csat.surveysSent, forKey: .surveysSent)
        try container.encode(csat.responseRate.map { ($0 * 10000).rounded() / 10000 }, forKey: .responseRate)
        try container.encode(csat.satisfaction.map { ($0 * 10000).rounded() / 10000 }, forKey: .satisfaction)
        try container.encode(csat.average.map { ($0 * 1000).rounded() / 1000 }, forKey: .average)
        var distribution: [String: Int] = [:]
        for (index, count) in csat.distribution.enumerated() { distribution[String(index + 1)] = count }
        try container.encode(distribution, forKey: .distribution)
    }
}

/// `calls` of a report, by the names of the API.
struct CallsDTO: Encodable {
    let missed: Int
    let answered: Int
    let outgoing: Int
    let calledBack: Int

    enum CodingKeys: String, CodingKey { case missed, answered, outgoing, calledBack = "called_back" }

    init(calls: CallFigures) {
        (missed, answered, outgoing, calledBack) = (calls.missed, calls.answered, calls.outgoing, calls.calledBack)
    }
}

/// Every figure of a period or a breakdown row, by the names of the API.
struct FiguresDTO: Encodable {
    var figures: ReportFigures

    enum CodingKeys: String, CodingKey {
        case conversationsCreated = "conversations_created", conversationsResolved = "conversations_resolved"
        case conversationsReopened = "conversations_reopened", messagesIncoming = "messages_incoming"
        case messagesOutgoing = "messages_outgoing", missed
        case firstResponse = "first_response_seconds", reply = "reply_seconds", resolution = "resolution_seconds"
        case waitForAssignment = "wait_for_assignment_seconds", csat, calls
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(figures.conversationsCreated, forKey: .conversationsCreated)
        try container.encode(figures.conversationsResolved, forKey: .conversationsResolved)
        try container.encode(figures.conversationsReopened, forKey: .conversationsReopened)
        try container.encode(figures.messagesIncoming, forKey: .messagesIncoming)
        try container.encode(figures.messagesOutgoing, forKey: .messagesOutgoing)
        try container.encode(figures.missed, forKey: .missed)
        try container.encode(TimerDTO(timer: figures.firstResponse), forKey: .firstResponse)
        try container.encode(TimerDTO(timer: figures.reply), forKey: .reply)
        try container.encode(TimerDTO(timer: figures.resolution), forKey: .resolution)
        try container.encode(TimerDTO(timer: figures.waitForAssignment), forKey: .waitForAssignment)
        try container.encode(CSATDTO(csat: figures.csat), forKey: .csat)
        try container.encode(CallsDTO(calls: figures.calls), forKey: .calls)
    }

    /// The same figures as flat (name, value) pairs, in a fixed order: the columns of the CSV forms.
    static func columns(_ figures: ReportFigures) -> [(String, Double?)] {
        func timer(_ name: String, _ timer: TimerFigures) -> [(String, Double?)] {
            [
                ("\(name).count", Double(timer.count)), ("\(name).mean", roundedSeconds(timer.mean)),
                ("\(name).median", roundedSeconds(timer.median)), ("\(name).p90", roundedSeconds(timer.p90)),
            ]
        }
        let counts: [(String, Double?)] = [
            ("conversations_created", Double(figures.conversationsCreated)),
            ("conversations_resolved", Double(figures.conversationsResolved)),
            ("conversations_reopened", Double(figures.conversationsReopened)),
            ("messages_incoming", Double(figures.messagesIncoming)),
            ("messages_outgoing", Double(figures.messagesOutgoing)),
            ("missed", Double(figures.missed)),
        ]
        let csat: [(String, Double?)] = [
            ("csat.responses", Double(figures.csat.responses)), ("csat.surveys_sent", Double(figures.csat.surveysSent)),
            ("csat.response_rate", figures.csat.responseRate), ("csat.satisfaction", figures.csat.satisfaction),
            ("csat.average", figures.csat.average),
        ] + figures.csat.distribution.enumerated().map { ("csat.distribution.\($0.offset + 1)", Double($0.element)) }
        let calls: [(String, Double?)] = [
            ("calls.missed", Double(figures.calls.missed)), ("calls.answered", Double(figures.calls.answered)),
            ("calls.outgoing", Double(figures.calls.outgoing)), ("calls.called_back", Double(figures.calls.calledBack)),
        ]
        return counts + timer("first_response_seconds", figures.firstResponse) + timer("reply_seconds", figures.reply)
            + timer("resolution_seconds", figures.resolution)
            + timer("wait_for_assignment_seconds", figures.waitForAssignment) + csat + calls
    }
}

struct SummaryDTO: Encodable {
    var current: ReportFigures
    var previous: ReportFigures

    enum CodingKeys: String, CodingKey { case previous }

    func encode(to encoder: any Encoder) throws {
        try FiguresDTO(figures: current).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(FiguresDTO(figures: previous), forKey: .previous)
    }
}

struct BreakdownItemDTO: Encodable {
    var row: BreakdownRow
    /// Agents, teams and inboxes have ids; channels, labels and categories only names.
    var hasID: Bool
    /// By agent, every row carries `online_seconds` (null on "Unassigned").
    var hasOnline: Bool

    struct Key: Encodable {
        var id: Int64?
        var hasID: Bool
        var name: String

        enum CodingKeys: String, CodingKey { case id, name }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if hasID { try container.encode(id, forKey: .id) }
            try container.encode(name, forKey: .name)
        }
    }

    enum CodingKeys: String, CodingKey { case key, onlineSeconds = "online_seconds" }

    func encode(to encoder: any Encoder) throws {
        try FiguresDTO(figures: row.figures).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Key(id: row.id, hasID: hasID, name: row.name), forKey: .key)
        if hasOnline { try container.encode(roundedSeconds(row.onlineSeconds), forKey: .onlineSeconds) }
    }
}

struct ItemsDTO<Item: Encodable>: Encodable {
    var items: [Item]
}

struct TimeseriesPointDTO: Encodable {
    var start: Date
    var value: Double?

    enum CodingKeys: String, CodingKey { case start, value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(roundedSeconds(value), forKey: .value)
    }
}

struct HeatmapCellDTO: Encodable {
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    var weekday: String
    var hour: Int
    var conversations: Int

    init(_ cell: HeatmapCell) {
        weekday = Self.weekdays[max(0, min(6, cell.weekday - 1))]
        hour = cell.hour
        conversations = cell.conversations
    }
}

struct LiveDTO: Encodable {
    struct Queue: Encodable {
        var teamID: Int64?
        var waiting: Int
        var oldestWaitSeconds: Double

        enum CodingKeys: String, CodingKey {
            case waiting
            case teamID = "team_id", oldestWaitSeconds = "oldest_wait_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(teamID, forKey: .teamID)
            try container.encode(waiting, forKey: .waiting)
            try container.encode(roundedSeconds(oldestWaitSeconds), forKey: .oldestWaitSeconds)
        }
    }

    struct AgentLoad: Encodable {
        var load: LiveFigures.AgentLoad

        enum CodingKeys: String, CodingKey {
            case id, name, availability, capacity
            case openAssigned = "open_assigned"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(load.id, forKey: .id)
            try container.encode(load.name, forKey: .name)
            try container.encode(load.availability.rawValue, forKey: .availability)
            try container.encode(load.openAssigned, forKey: .openAssigned)
            try container.encode(load.capacity, forKey: .capacity)
        }
    }

    var live: LiveFigures

    enum CodingKeys: String, CodingKey {
        case open, unassigned, pending, snoozed, queue, agents
        case waitingForFirstResponse = "waiting_for_first_response", longestWaitSeconds = "longest_wait_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(live.open, forKey: .open)
        try container.encode(live.unassigned, forKey: .unassigned)
        try container.encode(live.waitingForFirstResponse, forKey: .waitingForFirstResponse)
        try container.encode(live.pending, forKey: .pending)
        try container.encode(live.snoozed, forKey: .snoozed)
        try container.encode(roundedSeconds(live.longestWaitSeconds), forKey: .longestWaitSeconds)
        try container.encode(
            live.queue.map { Queue(teamID: $0.teamID, waiting: $0.waiting, oldestWaitSeconds: $0.oldestWaitSeconds) },
            forKey: .queue
        )
        try container.encode(live.agents.map(AgentLoad.init), forKey: .agents)
    }
}
