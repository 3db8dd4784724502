import Foundation

/// One row of a breakdown: what it is about (an id for agents, teams and inboxes; always a name) and its figures.
public struct BreakdownRow: Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var figures: ReportFigures
    /// By agent only: the seconds of the period the agent was `online` (nil on the "Unassigned" row and on
    /// other dimensions).
    public var onlineSeconds: Double?

    public init(id: Int64?, name: String, figures: ReportFigures, onlineSeconds: Double? = nil) {
        self.id = id
        self.name = name
        self.figures = figures
        self.onlineSeconds = onlineSeconds
    }
}

/// Conversations created in one hour of one weekday (1 Monday … 7 Sunday), in the account's time zone.
public struct HeatmapCell: Sendable, Equatable {
    public var weekday: Int
    public var hour: Int
    public var conversations: Int

    public init(weekday: Int, hour: Int, conversations: Int) {
        self.weekday = weekday
        self.hour = hour
        self.conversations = conversations
    }
}

/// One bucket of a time series: where it starts, and the metric's value (nil: a median of nothing).
public struct TimeseriesPoint: Sendable, Equatable {
    public var start: Date
    public var value: Double?

    public init(start: Date, value: Double?) {
        self.start = start
        self.value = value
    }
}

/// What a wallboard shows right now.
public struct LiveFigures: Sendable, Equatable {
    public struct Queue: Sendable, Equatable {
        public var teamID: Int64?
        public var waiting: Int
        public var oldestWaitSeconds: Double

        public init(teamID: Int64?, waiting: Int, oldestWaitSeconds: Double) {
            self.teamID = teamID
            self.waiting = waiting
            self.oldestWaitSeconds = oldestWaitSeconds
        }
    }

    public struct AgentLoad: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var availability: Availability
        public var openAssigned: Int
        public var capacity: Int?

        public init(id: Int64, name: String, availability: Availability, openAssigned: Int, capacity: Int?) {
            self.id = id
            self.name = name
            self.availability = availability
            self.openAssigned = openAssigned
            self.capacity = capacity
        }
    }

    public var open = 0
    public var unassigned = 0
    public var waitingForFirstResponse = 0
    public var pending = 0
    public var snoozed = 0
    /// How long the contact who has waited longest for a human reply (open or pending) has waited; 0 when nobody.
    public var longestWaitSeconds: Double = 0
    public var queue: [Queue] = []
    public var agents: [AgentLoad] = []

    public init() {}
}

/// One conversation as the export lists it.
public struct ExportRow: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var resolvedAt: Date?
    public var status: ConversationStatus
    public var inbox: String
    public var channel: String
    public var contact: String
    public var category: String?
    public var subcategory: String?
    public var labels: [String]
    public var priority: Priority
    public var team: String?
    public var assignee: String?
    public var messagesIn: Int
    public var messagesOut: Int
    public var firstResponseSeconds: Double?
    public var resolutionSeconds: Double?
    public var waitSeconds: Double?
    public var missed: Bool
    public var csatRating: Int?
    public var csatComment: String?

    public init(
        id: Int64, createdAt: Date, resolvedAt: Date?, status: ConversationStatus, inbox: String, channel: String,
        contact: String, category: String?, subcategory: String?, labels: [String], priority: Priority, team: String?,
        assignee: String?, messagesIn: Int, messagesOut: Int, firstResponseSeconds: Double?, resolutionSeconds: Double?,
        waitSeconds: Double?, missed: Bool, csatRating: Int?, csatComment: String?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
        self.status = status
        self.inbox = inbox
        self.channel = channel
        self.contact = contact
        self.category = category
        self.subcategory = subcategory
        self.labels = labels
        self.priority = priority
        self.team = team
        self.assignee = assignee
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.firstResponseSeconds = firstResponseSeconds
        self.resolutionSeconds = resolutionSeconds
        self.waitSeconds = waitSeconds
        self.missed = missed
        self.csatRating = csatRating
        self.csatComment = csatComment
    }
}

/// Reports read the per-conversation metrics stamped as conversations change (sql/0060), by the time each
/// happened and in the account's time zone; nothing here scans every message of a conversation.
public protocol ReportStore: Sendable {
    /// The period's figures and those of the period of equal length just before it.
    func summary(_ query: ReportQuery) async throws -> (current: ReportFigures, previous: ReportFigures)
    /// Every bucket of the period, empty ones included.
    func timeseries(_ query: ReportQuery, metric: ReportMetric, bucket: TimeBucket) async throws -> [TimeseriesPoint]
    /// All 7 × 24 cells, Monday 00:00 first.
    func heatmap(_ query: ReportQuery) async throws -> [HeatmapCell]
    func breakdown(_ query: ReportQuery, by dimension: BreakdownDimension) async throws -> [BreakdownRow]
    func live(accountID: Int64) async throws -> LiveFigures
    /// Up to `limit` conversations created in the period, after the conversation `afterID`, by id.
    func exportPage(_ query: ReportQuery, afterID: Int64, limit: Int) async throws -> [ExportRow]
    /// Records `export.created` in the audit log, with the export's filters as `data`.
    func auditExport(accountID: Int64, actorID: Int64, data: [String: JSONValue]) async throws
}
