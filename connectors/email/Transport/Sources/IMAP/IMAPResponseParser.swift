/// Reads the untagged answers libcurl hands over for our commands. Anything it does not
/// recognise is skipped: servers add unsolicited lines (`* 3 EXISTS`, `* 2 FETCH (FLAGS …)`).
enum IMAPResponseParser {
    /// `* STATUS INBOX (MESSAGES 4 UIDNEXT 9 UIDVALIDITY 1700000000)`.
    static func status(_ lines: [String]) -> MailboxStatus? {
        for line in lines {
            let words = line.split(separator: " ", maxSplits: 2)
            guard words.count == 3, words[0] == "*", words[1].uppercased() == "STATUS",
                let open = line.lastIndex(of: "("),
                case .list(let items)? = IMAPValue.parse(line[open...]).first
            else { continue }
            var values: [String: UInt32] = [:]
            var index = items.startIndex
            while index + 1 < items.endIndex {
                if case .atom(let name) = items[index], case .atom(let number) = items[index + 1],
                    let value = UInt32(number)
                {
                    values[name.uppercased()] = value
                }
                index += 2
            }
            guard let uidValidity = values["UIDVALIDITY"] else { continue }
            return MailboxStatus(
                uidValidity: uidValidity, uidNext: values["UIDNEXT"], messages: Int(values["MESSAGES"] ?? 0)
            )
        }
        return nil
    }

    /// `* SEARCH 3 5 8` (several lines are merged).
    static func search(_ lines: [String]) -> [UInt32] {
        var uids: [UInt32] = []
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "*", words[1].uppercased() == "SEARCH" else { continue }
            uids += words.dropFirst(2).compactMap { UInt32($0) }
        }
        return uids
    }

    /// `* 12 FETCH (UID 5 RFC822.SIZE 353 FLAGS (\Seen \Recent))`, keyed by UID. Lines without a
    /// UID are skipped; a line without a size or flags leaves that part unknown.
    static func summaries(_ lines: [String]) -> [UInt32: FetchedAttributes] {
        var result: [UInt32: FetchedAttributes] = [:]
        for line in lines {
            let words = line.split(separator: " ", maxSplits: 3)
            guard words.count == 4, words[0] == "*", UInt32(words[1]) != nil, words[2].uppercased() == "FETCH",
                case .list(let items)? = IMAPValue.parse(words[3]).first
            else { continue }
            var attributes = FetchedAttributes()
            var index = items.startIndex
            while index + 1 < items.endIndex {
                guard case .atom(let name) = items[index] else { break }
                switch (name.uppercased(), items[index + 1]) {
                case ("UID", .atom(let value)): attributes.uid = UInt32(value)
                case ("RFC822.SIZE", .atom(let value)): attributes.size = Int(value)
                case ("FLAGS", .list(let flags)): attributes.flags = Set(flags.compactMap(\.atomText))
                default: break
                }
                index += 2
            }
            guard let uid = attributes.uid else { continue }
            result[uid, default: FetchedAttributes(uid: uid)].merge(attributes)
        }
        return result
    }
}

/// What a FETCH line told about one message.
struct FetchedAttributes: Equatable {
    var uid: UInt32?
    var size: Int?
    var flags: Set<String>?

    mutating func merge(_ other: FetchedAttributes) {
        size = other.size ?? size
        flags = other.flags ?? flags
    }
}

/// Just enough of IMAP's response grammar for STATUS and FETCH lists.
enum IMAPValue: Equatable {
    case atom(String)
    case string(String)
    case list([IMAPValue])

    var atomText: String? {
        if case .atom(let text) = self { return text }
        return nil
    }

    /// Parses a run of values; stops quietly at anything malformed.
    static func parse(_ text: Substring) -> [IMAPValue] {
        var scalars = text.unicodeScalars[...]
        var stack: [[IMAPValue]] = [[]]
        while let scalar = scalars.first {
            switch scalar {
            case " ", "\t", "\r", "\n":
                scalars.removeFirst()
            case "(":
                scalars.removeFirst()
                stack.append([])
            case ")":
                scalars.removeFirst()
                guard stack.count > 1, let list = stack.popLast() else { return stack[0] }
                stack[stack.count - 1].append(.list(list))
            case "\"":
                scalars.removeFirst()
                var value = ""
                while let next = scalars.popFirst(), next != "\"" {
                    value.unicodeScalars.append(next == "\\" ? (scalars.popFirst() ?? next) : next)
                }
                stack[stack.count - 1].append(.string(value))
            default:
                var value = ""
                while let next = scalars.first, !" ()\"\r\n".unicodeScalars.contains(next) {
                    value.unicodeScalars.append(next)
                    scalars.removeFirst()
                }
                stack[stack.count - 1].append(.atom(value))
            }
        }
        return stack[0]
    }
}
