import Foundation

/// The `Content-Disposition: form-data; name="…"; filename="…"` header of one multipart part.
struct ContentDisposition: Equatable {
    var name: String
    /// Present (possibly empty) for file inputs; a browser sends `filename=""` when none was chosen.
    var filename: String?

    init(name: String, filename: String? = nil) {
        self.name = name
        self.filename = filename
    }

    /// Nil unless the disposition is `form-data` with a name.
    init?(_ header: String) {
        var fields = HeaderParameters.split(header)
        guard !fields.isEmpty,
            fields.removeFirst().trimmingCharacters(in: .whitespaces).lowercased() == "form-data"
        else { return nil }
        let parameters = HeaderParameters.parse(fields)
        guard let name = parameters["name"] else { return nil }
        self.name = name
        self.filename = parameters["filename*"].flatMap(Self.decodeExtended) ?? parameters["filename"]
    }

    /// Decodes an RFC 8187 value such as `UTF-8''na%C3%AFve.txt`; nil for other charsets.
    static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
