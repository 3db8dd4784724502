/// One node of a message's MIME tree: headers, the still-encoded body, and the parts of a multipart.
struct MIMEEntity: Sendable {
    var headers: RawHeaders
    var contentType: HeaderParameters
    /// The body as it stands in the message, before transfer decoding; empty for a multipart with parts.
    var body: ArraySlice<UInt8>
    var parts: [MIMEEntity]

    var mediaType: String { contentType.value }
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    var disposition: HeaderParameters? {
        headers.first("Content-Disposition").map(HeaderParameters.init(parsing:))
    }

    var transferEncoding: String? { headers.plain("Content-Transfer-Encoding") }

    /// The body with its transfer encoding undone.
    var decodedBody: [UInt8] { TransferDecoding.decode(body, encoding: transferEncoding) }

    /// Every entity of the tree, depth first, starting with this one.
    func forEach(_ visit: (MIMEEntity) -> Void) {
        visit(self)
        for part in parts { part.forEach(visit) }
    }
}

/// Builds the MIME tree of a raw message, tolerating broken structure.
///
/// Nesting is limited to `MIMEParser.maximumNestingDepth` levels and the whole tree to `maximumParts` parts, so
/// hostile input cannot exhaust the stack or memory; deeper multiparts are kept as opaque leaves.
struct EntityParser {
    static let maximumParts = 2_000
    private var partsLeft = EntityParser.maximumParts

    static func parseMessage(_ bytes: ArraySlice<UInt8>) -> MIMEEntity {
        var parser = EntityParser()
        return parser.parse(bytes, depth: 0, defaultType: "text/plain")
    }

    private mutating func parse(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String) -> MIMEEntity {
        let (headers, bodyStart) = HeaderBlockParser.parse(bytes, skipMboxLine: depth == 0)
        var contentType =
            headers.first("Content-Type").map(HeaderParameters.init(parsing:))
            ?? HeaderParameters(value: defaultType)
        if !contentType.value.contains("/") { contentType.value = defaultType }
        let body = bytes[bodyStart...]
        var entity = MIMEEntity(headers: headers, contentType: contentType, body: body, parts: [])
        guard entity.isMultipart, depth < MIMEParser.maximumNestingDepth, partsLeft > 0 else { return entity }
        let declared = contentType.parameter("boundary").flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        guard let boundary = declared ?? MultipartSplitter.guessBoundary(body) else {
            entity.contentType = HeaderParameters(value: "text/plain", parameters: contentType.parameters)
            return entity
        }
        let childDefault = entity.mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
        let ranges = MultipartSplitter.split(body, boundary: boundary)
        guard !ranges.isEmpty else {
            entity.contentType = HeaderParameters(value: "text/plain", parameters: contentType.parameters)
            return entity
        }
        for range in ranges where partsLeft > 0 {
            partsLeft -= 1
            entity.parts.append(parse(body[range], depth: depth + 1, defaultType: childDefault))
        }
        entity.body = body[body.startIndex..<body.startIndex]
        return entity
    }
}

/// Finds the body parts between `--boundary` lines.
enum MultipartSplitter {
    /// The byte ranges of the parts; a missing closing delimiter (a truncated message) ends the last part at the end.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [Range<Int>] {
        let delimiter = [ASCII.hyphen, ASCII.hyphen] + boundary
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let newline = body[lineStart...].firstIndex(of: ASCII.lineFeed)
            let lineEnd = newline ?? body.endIndex
            if body[lineStart] == ASCII.hyphen, let closing = delimiterKind(body[lineStart..<lineEnd], delimiter) {
                if let start = partStart {
                    var end = lineStart
                    if end > start, body[end - 1] == ASCII.lineFeed { end -= 1 }
                    if end > start, body[end - 1] == ASCII.carriageReturn { end -= 1 }
                    ranges.append(start..<max(start, end))
                }
                if closing { return ranges }
                partStart = min(lineEnd + 1, body.endIndex)
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < body.endIndex { ranges.append(start..<body.endIndex) }
        return ranges
    }

    /// nil when the line is not a delimiter, true for the closing one (`--boundary--`), false for an opening one.
    private static func delimiterKind(_ line: ArraySlice<UInt8>, _ delimiter: [UInt8]) -> Bool? {
        guard line.hasASCIIPrefix(delimiter) else { return nil }
        var rest = line.dropFirst(delimiter.count)
        var closing = false
        if rest.hasASCIIPrefix([ASCII.hyphen, ASCII.hyphen]) {
            closing = true
            rest = rest.dropFirst(2)
        }
        return rest.allSatisfy(ASCII.isWhitespace) ? closing : nil
    }

    /// A boundary for a multipart that declares none: the first `--token` line.
    static func guessBoundary(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: ASCII.lineFeed) ?? body.endIndex
            let line = body[lineStart..<lineEnd].trimmingASCIIWhitespace()
            if line.count > 2, line.hasASCIIPrefix([ASCII.hyphen, ASCII.hyphen]),
                !line.dropFirst(2).contains(where: ASCII.isWhitespace)
            {
                return Array(line.dropFirst(2))
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
