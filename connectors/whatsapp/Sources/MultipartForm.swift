/// A `multipart/form-data` body for `POST /{phone_number_id}/media`: plain fields, then one file.
struct MultipartForm {
    let boundary: String
    private(set) var body: [UInt8] = []

    init(boundary: String = "switchboard-" + String(UInt64.random(in: .min ... .max), radix: 36)) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func addField(_ name: String, _ value: String) {
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func addFile(_ name: String, fileName: String, contentType: String, data: [UInt8]) {
        append("--\(boundary)\r\n")
        append("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(Self.quoted(fileName))\"\r\n")
        append("Content-Type: \(contentType)\r\n\r\n")
        body += data
        append("\r\n")
    }

    /// The closing boundary; nothing may be added after it.
    mutating func finish() {
        append("--\(boundary)--\r\n")
    }

    private mutating func append(_ text: String) { body += Array(text.utf8) }

    /// A file name safe inside the quoted `filename` parameter: no quotes, backslashes or line breaks.
    static func quoted(_ name: String) -> String {
        String(
            name.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "\"", "\\", "\r", "\n": "_"
                default: Character(scalar)
                }
            }
        )
    }
}
