import Foundation
import Logging

/// Regular expressions of rules (`message.content matches …`), with bounded work per message.
///
/// The engine (ICU, behind `NSRegularExpression`) backtracks, so a pattern such as `(a+)+$` can take
/// seconds on a short message, inside an ingest transaction. Two limits keep one message from stalling
/// a help line: patterns whose repetitions nest are refused when a rule is saved, and every match runs
/// on at most `maxInput` characters with a time budget (ICU reports progress as it moves along the text
/// and every few thousand backtracking steps; past the budget the match is abandoned and counts as no
/// match, with a warning in the log). No static check finds every backtracking pattern (`(a|a)*$`);
/// the budget is what guarantees the bound.
public enum BoundedRegex {
    /// Characters of a message a pattern looks at (UTF-16 units, as ICU counts).
    public static let maxInput = 10_000
    /// How long one pattern may look at one message. Ordinary patterns take microseconds.
    public static let maxMatchTime: Duration = .milliseconds(50)
    /// The longest pattern a rule may hold.
    public static let maxPatternLength = 1_000

    /// Why the pattern cannot be a rule's, or nil when it can.
    public static func problem(with pattern: String) -> String? {
        guard pattern.count <= maxPatternLength else { return "must be at most \(maxPatternLength) characters" }
        guard (try? NSRegularExpression(pattern: pattern)) != nil else { return "must be a valid regular expression" }
        if hasNestedRepetition(pattern) {
            return "must not repeat a group that itself repeats, such as (a+)+ or (x*)*: such patterns can take exponential time"
        }
        return nil
    }

    /// Whether `pattern` matches somewhere in `text` (case-insensitively). An invalid pattern, or one that
    /// runs out of its time budget, does not match.
    public static func matches(_ pattern: String, in text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return false }
        let subject = text.utf16.count <= maxInput ? text : String(text.utf16.prefix(maxInput)) ?? String(text.prefix(maxInput / 2))
        var found = false
        var abandoned = false
        let deadline = ContinuousClock.now + maxMatchTime
        regex.enumerateMatches(
            in: subject, options: [.reportProgress], range: NSRange(location: 0, length: subject.utf16.count)
        ) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if ContinuousClock.now > deadline {
                abandoned = true
                stop.pointee = true
            }
        }
        if abandoned {
            budgetLogger.warning("a rule's regular expression ran out of its time budget and counts as no match")
        }
        return found
    }

    /// True when a repeated group contains a repetition: `(a+)+`, `(?:x*y)*`, `(a|b+){2,}`, `((a)+)*`.
    /// Walks the pattern once, skipping escapes and character classes; `?` (zero or one) is not a repetition.
    public static func hasNestedRepetition(_ pattern: String) -> Bool {
        let chars = Array(pattern)
        var repeatsInside: [Bool] = [false]  // one entry per open group; the first is the whole pattern
        var closedGroupRepeats: Bool? = nil  // set right after a ")": whether that group repeats inside
        var afterQuantifier = false
        var index = 0
        while index < chars.count {
            let char = chars[index]
            let justClosed = closedGroupRepeats
            closedGroupRepeats = nil
            let followsQuantifier = afterQuantifier
            afterQuantifier = false
            switch char {
            case "\\":
                index += 1
            case "[":
                index = endOfClass(chars, from: index)
            case "(":
                repeatsInside.append(false)
                if index + 1 < chars.count, chars[index + 1] == "?" { index += 1 }  // (?: (?= (?i) …
            case ")":
                let inner = repeatsInside.count > 1 ? repeatsInside.removeLast() : false
                if inner { repeatsInside[repeatsInside.count - 1] = true }
                closedGroupRepeats = inner
            case "*", "+", "{":
                if followsQuantifier && char != "{" { break }  // a possessive suffix: a*+
                if char == "{" && !isBoundedRepeat(chars, from: index) { break }  // a literal brace
                let many = char != "{" || isUnboundedOrMany(chars, from: index)
                if char == "{", let close = chars[index...].firstIndex(of: "}") { index = close }
                afterQuantifier = true
                guard many else { break }
                if justClosed == true { return true }
                repeatsInside[repeatsInside.count - 1] = true
            case "?":
                afterQuantifier = !followsQuantifier
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// Whether the `{` at `start` opens `{n}`, `{n,}` or `{n,m}` (ICU reads anything else literally).
    private static func isBoundedRepeat(_ chars: [Character], from start: Int) -> Bool {
        guard let close = chars[start...].firstIndex(of: "}") else { return false }
        let inside = chars[(start + 1)..<close]
        return !inside.isEmpty && inside.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ",") } && inside.first != ","
    }

    /// `{n,}` or `{n,m}` with m > 1: a repetition that can take more than one path through its group.
    private static func isUnboundedOrMany(_ chars: [Character], from start: Int) -> Bool {
        guard let close = chars[start...].firstIndex(of: "}") else { return false }
        let inside = String(chars[(start + 1)..<close])
        let bounds = inside.split(separator: ",", omittingEmptySubsequences: false)
        if bounds.count == 2 { return bounds[1].isEmpty || (Int(bounds[1]) ?? 0) > 1 }
        return (Int(inside) ?? 0) > 1
    }

    /// The index of the `]` that closes the class opened at `start`.
    private static func endOfClass(_ chars: [Character], from start: Int) -> Int {
        var index = start + 1
        if index < chars.count, chars[index] == "^" { index += 1 }
        if index < chars.count, chars[index] == "]" { index += 1 }
        while index < chars.count, chars[index] != "]" {
            index += chars[index] == "\\" ? 2 : 1
        }
        return index
    }

    private static let budgetLogger = Logger(label: "switchboard.rules")
}
