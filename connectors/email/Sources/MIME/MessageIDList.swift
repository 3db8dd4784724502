/// Reads Message-ID, In-Reply-To and References values into bare ids (no angle brackets).
///
/// Threading depends on these, and mailers write them sloppily: comments, missing brackets, ids folded over lines,
/// stray text like `In-Reply-To: <id> (Ivan's message of …)`. Bracketed ids win; without any, blank-separated
/// tokens that look like ids are taken.
enum MessageIDList {
    static func parse(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: ">") else { break }
            let id = rest[afterOpen..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if !ids.isEmpty { return unique(ids) }
        let tokens = withoutComments(value).split(whereSeparator: { $0.isWhitespace || $0 == "," })
        return unique(tokens.map { String($0).trimming(charactersIn: "<>") }.filter { $0.contains("@") })
    }

    /// The first id of a Message-ID header; nil when there is none.
    static func first(_ value: String?) -> String? {
        value.flatMap { parse($0).first }
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func withoutComments(_ value: String) -> String {
        var depth = 0
        var result = ""
        for character in value {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result
    }
}

extension String {
    /// The string without the given characters at either end.
    func trimming(charactersIn set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
