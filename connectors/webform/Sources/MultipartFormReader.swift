import Foundation
import MultipartParts
import SwitchboardCore

/// Reads `multipart/form-data` bodies, as a browser posts a form with a file input.
///
/// Parts with a `filename` parameter are files; the rest are UTF-8 text fields. The empty part a
/// browser sends for a file input left blank (empty name, no bytes) is skipped. A body that stops
/// before its closing delimiter is malformed, so a cut-off upload is never stored as if whole.
enum MultipartFormReader {
    /// The fields, the files, and the audit text of one multipart submission.
    struct Result {
        var fields: FormFields
        var files: [InboundAttachment]
        var rawPayload: String
    }

    static func read(_ body: [UInt8], boundary: String, settings: WebformSettings) throws(SwitchboardError) -> Result {
        let parts = try MultipartParts.split(body, boundary: boundary)
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

    private static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
