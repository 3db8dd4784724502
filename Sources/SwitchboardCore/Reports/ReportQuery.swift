import Foundation

/// A calendar day as people name it ("2026-03-01"), with no time zone: reports turn it into an instant
/// in the account's zone, so a day is the account's day wherever the server runs.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Strict `YYYY-MM-DD` of a real day (no 2026-02-30); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        guard Self.calendar.date(from: components)
            .map({ Self.calendar.dateComponents([.day], from: $0).day == day }) == true
        else { return nil }
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private var components: DateComponents { DateComponents(year: year, month: month, day: day) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        guard let a = Self.calendar.date(from: components), let b = Self.calendar.date(from: other.components) else { return 0 }
        return Self.calendar.dateComponents([.day], from: a, to: b).day ?? 0
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// The days a report covers, both included, in the account's time zone. The previous period (for
/// trends) is the same number of days just before.
public struct ReportPeriod: Sendable, Equatable {
    /// Longest period one request may ask for: two years, so a year compares with the one before.
    public static let maxDays = 731

    public var from: LocalDate
    public var to: LocalDate

    /// Checks order and length; the error names `to`.
    public init(from: LocalDate, to: LocalDate) throws(SwitchboardError) {
        guard from <= to else { throw .invalid("to", "must be the same day as from or later") }
        guard from.days(to: to) < Self.maxDays else { throw .invalid("to", "a period is at most \(Self.maxDays) days") }
        self.from = from
        self.to = to
    }

    public var days: Int { from.days(to: to) + 1 }
}

/// Which conversations a report counts. Every filter is optional; together they all apply.
public struct ReportFilters: Sendable, Equatable {
    public var inboxID: Int64?
    public var teamID: Int64?
    /// Conversations assigned to this agent.
    public var agentID: Int64?
    public var channel: ChannelKind?
    /// A category path; a category includes its sub-categories ("Legal" counts "Legal/Housing").
    public var category: String?
    public var label: String?

    public init(
        inboxID: Int64? = nil, teamID: Int64? = nil, agentID: Int64? = nil, channel: ChannelKind? = nil,
        category: String? = nil, label: String? = nil
    ) {
        self.inboxID = inboxID
        self.teamID = teamID
        self.agentID = agentID
        self.channel = channel
        self.category = category
        self.label = label
    }
}

/// One report request of one account.
public struct ReportQuery: Sendable, Equatable {
    /// Whether some filter narrows the conversations.
    public var filtered: Bool { filters != ReportFilters() }

    public var accountID: Int64
    public var period: ReportPeriod
    public var filters: ReportFilters
    /// Timers count only the inbox's office hours (its `office_hours`; the whole day when it has none).
    public var businessHours: Bool

    public init(accountID: Int64, period: ReportPeriod, filters: ReportFilters = ReportFilters(), businessHours: Bool = false) {
        self.accountID = accountID
        self.period = period
        self.filters = filters
        self.businessHours = businessHours
    }
}
