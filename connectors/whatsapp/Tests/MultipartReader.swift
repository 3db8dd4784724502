import Foundation

/// Just enough multipart reading to check what the connector uploaded.
enum Multipart {
    struct Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    static func parts(_ body: [UInt8], boundary: String) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        for chunk in split(body, by: delimiter).dropFirst() {
            guard !chunk.starts(with: Array("--".utf8)) else { break }
            let content = Array(chunk.dropFirst(2).dropLast(2))  // CRLF after the delimiter, CRLF before the next
            guard let headerEnd = split(content, by: Array("\r\n\r\n".utf8)).first else { continue }
            let head = String(decoding: headerEnd, as: UTF8.self)
            let data = Array(content.dropFirst(headerEnd.count + 4))
            var part = Part(data: data)
            for line in head.components(separatedBy: "\r\n") {
                if line.lowercased().hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
                part.name = part.name ?? value(of: "name", in: line)
                part.fileName = part.fileName ?? value(of: "filename", in: line)
            }
            parts.append(part)
        }
        return parts
    }

    private static func value(of parameter: String, in line: String) -> String? {
        guard line.lowercased().hasPrefix("content-disposition:"),
            let range = line.range(of: "; \(parameter)=\"")
        else { return nil }
        let rest = line[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private static func split(_ bytes: [UInt8], by separator: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if Array(bytes[index..<index + separator.count]) == separator {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}
