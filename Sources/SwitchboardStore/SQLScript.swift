import Foundation

/// Splits a migration file into statements. The driver speaks the extended protocol, which takes one
/// statement at a time; this honours `--` and `/* */` comments, quoted strings and `$tag$` bodies.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let chars = Array(script)
        var index = 0
        func peek(_ offset: Int) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }

        while index < chars.count {
            let char = chars[index]
            if char == "-", peek(1) == "-" {
                while index < chars.count, chars[index] != "\n" { index += 1 }
                continue
            }
            if char == "/", peek(1) == "*" {
                index += 2
                while index < chars.count, !(chars[index] == "*" && peek(1) == "/") { index += 1 }
                index += 2
                continue
            }
            if char == "'" || char == "\"" {
                current.append(char)
                index += 1
                while index < chars.count {
                    current.append(chars[index])
                    if chars[index] == char {
                        if peek(1) == char {
                            current.append(char)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                continue
            }
            if char == "$", let tagEnd = dollarTagEnd(chars, from: index) {
                let tag = String(chars[index...tagEnd])
                current += tag
                index = tagEnd + 1
                while index < chars.count {
                    if chars[index] == "$", String(chars[index..<min(index + tag.count, chars.count)]) == tag {
                        current += tag
                        index += tag.count
                        break
                    }
                    current.append(chars[index])
                    index += 1
                }
                continue
            }
            if char == ";" {
                append(&statements, current)
                current = ""
                index += 1
                continue
            }
            current.append(char)
            index += 1
        }
        append(&statements, current)
        return statements
    }

    private static func append(_ statements: inout [String], _ statement: String) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start`, if there is one.
    private static func dollarTagEnd(_ chars: [Character], from start: Int) -> Int? {
        var index = start + 1
        while index < chars.count {
            let char = chars[index]
            if char == "$" { return index }
            guard char.isLetter || char.isNumber || char == "_" else { return nil }
            index += 1
        }
        return nil
    }
}
