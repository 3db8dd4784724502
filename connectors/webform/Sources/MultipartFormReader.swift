import Foundation
import MultipartKit
import SwitchboardCore

/// Reads `multipart/form-data` bodies, as a browser posts a form with a file input.
///
/// Parts with a `filename` parameter are files; the rest are UTF-8 text fields. The empty part a
/// browser sends for a file input left blank (empty name, no bytes) is skipped. A body that stops
/// before its closing delimiter is malformed, so a cut-off upload is never stored as if whole.
enum MultipartFormReader {
    /// One part as the parser delivered it.
    struct Part {
        var headers: [String: String] = [:]
        var body: [UInt8] = []
    }

    /// The fields, the files, and the audit text of one multipart submission.
    struct Result {
        var fields: FormFields
        var files: [InboundAttachment]
        var rawPayload: String
    }

    static func read(_ body: [UInt8], boundary: String, settings: WebformSettings) throws(SwitchboardError) -> Result {
        let parts = try split(body, boundary: boundary)
        var fields = FormFields()
        var files: [InboundAttachment] = []
        var fileSummaries: [JSONValue] = []
        for part in parts {
            guard let disposition = part.headers["content-disposition"].flatMap(ContentDisposition.init) else {
                throw .malformed("every multipart part needs a Content-Disposition: form-data header with a name")
            }
            guard let filename = disposition.filename else {
                guard let text = String(validating: part.body, as: UTF8.self) else {
                    throw .malformed("field \"\(disposition.name)\" is not valid UTF-8")
                }
                fields.add(disposition.name, text: text)
                continue
            }
            if filename.isEmpty && part.body.isEmpty { continue }
            let name = FileNameSanitizer.sanitize(filename)
            guard part.body.count <= settings.maxFileBytes else {
                throw .tooLarge("file \"\(name)\" is \(part.body.count) bytes; the limit is \(settings.maxFileBytes)")
            }
            let contentType = AttachmentContentType.clean(part.headers["content-type"])
            files.append(InboundAttachment(name: name, contentType: contentType, data: part.body))
            fileSummaries.append(
                .object([
                    "field": .string(disposition.name), "name": .string(name),
                    "content_type": .string(contentType), "size": .number(Double(part.body.count)),
                ])
            )
        }
        let raw = JSONValue.object(["fields": .object(fields.values), "files": .array(fileSummaries)])
        return Result(fields: fields, files: files, rawPayload: encode(raw))
    }

    /// Splits the body into parts with MultipartKit's streaming parser, checking it is complete.
    static func split(_ body: [UInt8], boundary: String) throws(SwitchboardError) -> [Part] {
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

    private static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Gathers the parser's callbacks into whole parts. Lives only inside one `split` call.
private final class PartCollector {
    private(set) var parts: [MultipartFormReader.Part] = []
    private var current = MultipartFormReader.Part()
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
        current = MultipartFormReader.Part()
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
