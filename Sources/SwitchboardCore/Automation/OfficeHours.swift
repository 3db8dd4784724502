import Foundation

/// When an inbox is staffed: a weekly schedule in its own time zone, minus holidays. Outside these
/// hours a new conversation gets the out-of-office template instead of the greeting.
public struct OfficeHours: Sendable, Equatable {
    /// Opening intervals in minutes after local midnight, [open, close), per weekday "mon" … "sun".
    public var timeZone: String
    public var weekly: [String: [ClosedRange<Int>]]
    /// Local dates "YYYY-MM-DD" on which the inbox is closed all day.
    public var holidays: Set<String>

    public init(timeZone: String, weekly: [String: [ClosedRange<Int>]], holidays: Set<String>) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
    }

    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public func isOpen(at date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        if holidays.contains(day) { return false }
        // Calendar weekdays count from Sunday = 1.
        let name = Self.weekdays[((parts.weekday ?? 1) + 5) % 7]
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return (weekly[name] ?? []).contains { $0.lowerBound <= minute && minute < $0.upperBound }
    }

    // MARK: - JSON

    /// Reads `{"time_zone", "weekly": {"mon": [["09:00", "18:00"]]}, "holidays": ["2026-12-25"]}`,
    /// naming every wrong part under `field`.
    public static func parse(_ json: JSONValue, field: String) throws(SwitchboardError) -> OfficeHours {
        var errors: [FieldError] = []
        func fail(_ path: String, _ message: String) { errors.append(FieldError(field: "\(field).\(path)", message: message)) }
        guard case .object(let fields) = json else { throw .invalid(field, "must be an object {time_zone, weekly, holidays}") }
        let zone = fields["time_zone"]?.stringValue ?? ""
        if TimeZone(identifier: zone) == nil { fail("time_zone", "must be a time zone such as Europe/Kyiv") }
        var weekly: [String: [ClosedRange<Int>]] = [:]
        if case .object(let days)? = fields["weekly"] {
            for (day, value) in days.sorted(by: { $0.key < $1.key }) {
                guard weekdays.contains(day) else {
                    fail("weekly.\(day)", "must be one of \(weekdays.joined(separator: ", "))")
                    continue
                }
                guard case .array(let intervals) = value else {
                    fail("weekly.\(day)", "must be a list of [\"HH:MM\", \"HH:MM\"]")
                    continue
                }
                for (index, interval) in intervals.enumerated() {
                    guard case .array(let bounds) = interval, bounds.count == 2,
                        let open = bounds[0].stringValue.flatMap(RuleEngine.parseTime),
                        let close = bounds[1].stringValue.flatMap(parseClosing), open < close
                    else {
                        fail("weekly.\(day)[\(index)]", "must be [\"HH:MM\", \"HH:MM\"] with the opening first")
                        continue
                    }
                    weekly[day, default: []].append(open...close)
                }
            }
        } else {
            fail("weekly", "must map weekdays to opening hours, e.g. {\"mon\": [[\"09:00\", \"18:00\"]]}")
        }
        var holidays: Set<String> = []
        switch fields["holidays"] {
        case nil, .null?: break
        case .array(let days)?:
            for (index, day) in days.enumerated() {
                if let text = day.stringValue, text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil { holidays.insert(text) } else {
                    fail("holidays[\(index)]", "must be a date YYYY-MM-DD")
                }
            }
        default: fail("holidays", "must be a list of dates YYYY-MM-DD")
        }
        if !errors.isEmpty { throw .invalid(errors) }
        return OfficeHours(timeZone: zone, weekly: weekly, holidays: holidays)
    }

    /// "24:00" closes at midnight.
    static func parseClosing(_ text: String) -> Int? {
        text == "24:00" ? 24 * 60 : RuleEngine.parseTime(text)
    }

    public var json: JSONValue {
        func time(_ minutes: Int) -> JSONValue { .string(String(format: "%02d:%02d", minutes / 60, minutes % 60)) }
        return .object([
            "time_zone": .string(timeZone),
            "weekly": .object(weekly.mapValues { .array($0.map { .array([time($0.lowerBound), time($0.upperBound)]) }) }),
            "holidays": .array(holidays.sorted().map { .string($0) }),
        ])
    }
}
