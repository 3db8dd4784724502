import MultipartKit
import SwitchboardCore

/// Splits a complete `multipart/form-data` body into its parts, for every place that takes uploads
/// (web form posts, template files). MultipartKit's streaming parser does the reading; this checks
/// that the body really ends with its closing delimiter, so a cut-off upload is never stored as if whole.
public enum MultipartParts {
    /// One part: its header fields (names lower-cased) and its bytes.
    public struct Part: Sendable {
        public var headers: [String: String] = [:]
        public var body: [UInt8] = []
    }

    public static func split(_ body: [UInt8], boundary: String) throws(SwitchboardError) -> [Part] {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw .malformed("the multipart boundary must be 1 to 70 characters")
        }
        let collector = PartCollector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.bytes(buffer.readableBytesView) }
        parser.onPartComplete = { collector.complete() }
        do {
            try parser.execute(body)
        } catch {
            throw .malformed("the multipart body is broken (bad part headers or delimiter)")
        }
        let closing = Array("--\(boundary)--".utf8)
        guard !collector.isInsidePart, !collector.parts.isEmpty, body.containsSequence(closing) else {
            throw .malformed("the multipart body ends before its closing boundary")
        }
        return collector.parts
    }
}

/// Gathers the parser's callbacks into whole parts. Lives only inside one `split` call.
private final class PartCollector {
    private(set) var parts: [MultipartParts.Part] = []
    private var current = MultipartParts.Part()
    private(set) var isInsidePart = false

    func header(_ name: String, _ value: String) {
        isInsidePart = true
        current.headers[name.lowercased()] = value
    }

    func bytes(_ bytes: some Sequence<UInt8>) {
        isInsidePart = true
        current.body.append(contentsOf: bytes)
    }

    func complete() {
        parts.append(current)
        current = MultipartParts.Part()
        isInsidePart = false
    }
}

extension [UInt8] {
    fileprivate func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
