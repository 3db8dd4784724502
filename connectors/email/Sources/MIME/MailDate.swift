import Foundation

/// Reads and writes the RFC 5322 `Date` header.
///
/// Reading forgives what real mailers send: no weekday, two-digit years, missing seconds, zone names (`GMT`, `EST`,
/// `MSK`) or no zone at all (taken as UTC), trailing comments. Writing always gives
/// `Tue, 05 Mar 2024 09:07:03 +0000`.
enum MailDate {
    static func parse(_ value: String) -> Date? {
        let cleaned = value.replacingOccurrences(of: ",", with: " ")
        var tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = tokens.first, Int(first) == nil, monthNumber(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 3 else { return nil }
        let day: Int
        let month: Int
        if let number = Int(tokens[0]), let named = monthNumber(tokens[1]) {
            day = number
            month = named
        } else if let named = monthNumber(tokens[0]), let number = Int(tokens[1]) {
            day = number
            month = named
        } else {
            return nil
        }
        guard var year = Int(tokens[2]) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        var index = 3
        var time = [0, 0, 0]
        if index < tokens.count, tokens[index].contains(":") {
            let parts = tokens[index].split(separator: ":").map { Int($0) }
            guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return nil }
            for (position, part) in parts.prefix(3).enumerated() { time[position] = part ?? 0 }
            index += 1
        }
        let offset = index < tokens.count ? zoneOffset(tokens[index]) : 0
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(time[0]),
            (0...59).contains(time[1]),
            (0...60).contains(time[2])
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + time[0] * 3_600 + time[1] * 60 + time[2] - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The date in RFC 5322 form, in UTC.
    static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekday = weekdays[((days % 7) + 7 + 4) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(secondsOfDay / 3_600)):"
            + "\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) +0000"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static func monthNumber(_ token: String) -> Int? {
        let prefix = token.prefix(3).lowercased()
        return months.firstIndex { $0.lowercased() == prefix }.map { $0 + 1 }
    }

    /// Seconds east of UTC for `+0300`, `-0500`, `GMT`, `EST` and friends; unknown names count as UTC.
    private static func zoneOffset(_ token: String) -> Int {
        if let sign = token.first, sign == "+" || sign == "-" {
            let digits = token.dropFirst().prefix(4)
            guard digits.count == 4, let value = Int(digits) else { return 0 }
            let seconds = (value / 100) * 3_600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        let hours = namedZones[token.uppercased().trimming(charactersIn: "()")] ?? 0
        return hours * 3_600
    }

    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "MSK": 3, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    ]

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
