import Foundation
import Hummingbird
import MultipartParts
import NIOCore
import SwitchboardCore

/// Reads one file from a `multipart/form-data` body, as `curl -F file=@guide.pdf` or a browser's file
/// input sends it. The body must be complete (a cut-off upload is never stored as if whole); the name is
/// made safe to store and offer for download; an unusable content type becomes
/// `application/octet-stream`. Bad input is a 4xx naming the part, never a 500.
enum MultipartUpload {
    /// Reads the part named `field`, which must carry a file name.
    static func file(from request: Request, field: String, maxBytes: Int) async throws -> OutboundAttachment {
        let parts = try await parts(
            from: request, upTo: maxBytes + 64 * 1024, tooLarge: "the file must be at most \(maxBytes) bytes",
            hint: "send the file as multipart/form-data, in a part named \(field)"
        )
        for part in parts where part.name == field {
            return try attachment(part, field: field, maxBytes: maxBytes)
        }
        throw SwitchboardError.invalid(field, "is required: send the file in a multipart part named \(field)")
    }

    /// One part of a form: its field name, its file name when it is a file, and its bytes.
    struct FormPart {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: [UInt8]
    }

    /// Every part of a complete `multipart/form-data` body of at most `limit` bytes.
    static func parts(from request: Request, upTo limit: Int, tooLarge: String, hint: String) async throws -> [FormPart] {
        let contentType = request.headers[.contentType] ?? ""
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else {
            throw SwitchboardError.unsupportedMediaType(hint)
        }
        guard let boundary = parameter("boundary", in: pieces.dropFirst()), (1...70).contains(boundary.utf8.count) else {
            throw SwitchboardError.malformed("multipart/form-data needs a boundary of 1 to 70 characters")
        }
        var request = request
        let body = try await BodyLimit.collect(&request, upTo: limit, tooLarge: tooLarge)
        return try MultipartParts.split(Array(body.readableBytesView), boundary: boundary).map { part in
            let disposition = (part.headers["content-disposition"] ?? "").split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            return FormPart(
                name: parameter("name", in: disposition.dropFirst()), filename: parameter("filename", in: disposition.dropFirst()),
                contentType: part.headers["content-type"], body: part.body
            )
        }
    }

    /// A file part as an attachment: it must have a file name and content within `maxBytes`.
    static func attachment(_ part: FormPart, field: String, maxBytes: Int) throws -> OutboundAttachment {
        guard let filename = part.filename else {
            throw SwitchboardError.invalid(field, "must be a file (a part with a filename)")
        }
        guard !part.body.isEmpty else { throw SwitchboardError.invalid(field, "must not be empty") }
        guard part.body.count <= maxBytes else {
            throw SwitchboardError.tooLarge("the file must be at most \(maxBytes) bytes")
        }
        return OutboundAttachment(name: safeName(filename), contentType: mediaType(part.contentType), data: part.body)
    }

    /// `name=value` or `name="value"` among header parameters; names are matched case-insensitively.
    static func parameter(_ name: String, in fields: some Sequence<String>) -> String? {
        for field in fields {
            guard let equals = field.firstIndex(of: "="),
                field[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == name
            else { continue }
            var value = field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The last path component, without control or direction-changing characters, at most 255 bytes.
    static func safeName(_ raw: String) -> String {
        let last = raw.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last.map(String.init) ?? ""
        let scalars = last.unicodeScalars.filter {
            ![.control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate]
                .contains($0.properties.generalCategory)
        }
        var name = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
        while name.utf8.count > 255 { name.removeFirst() }
        return name.isEmpty || name.allSatisfy({ $0 == "." }) ? "attachment" : name
    }

    /// `type/subtype` lower-cased, or `application/octet-stream` when the part names none that looks right.
    static func mediaType(_ header: String?) -> String {
        let essence = (header ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&^_.+-".contains($0)) } }
        return pieces.count == 2 && pieces.allSatisfy(token) && essence.count <= 127 ? essence : "application/octet-stream"
    }
}
