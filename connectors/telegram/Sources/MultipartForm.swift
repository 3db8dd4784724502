import Foundation

/// A `multipart/form-data` body, the way the Bot API takes file uploads.
struct MultipartForm {
    let boundary: String
    private(set) var body: [UInt8] = []

    init(boundary: String = "switchboard-" + UUID().uuidString) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func addField(_ name: String, _ value: String) {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8)
        body += Array(value.utf8) + Array("\r\n".utf8)
    }

    mutating func addFile(_ name: String, fileName: String, contentType: String, data: [UInt8]) {
        let head =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; "
            + "filename=\"\(Self.quoted(fileName))\"\r\nContent-Type: \(Self.headerSafe(contentType))\r\n\r\n"
        body += Array(head.utf8) + data + Array("\r\n".utf8)
    }

    /// The finished body, closed by the final boundary.
    var encoded: [UInt8] { body + Array("--\(boundary)--\r\n".utf8) }

    /// A file name inside a quoted header parameter: no quotes, backslashes or line breaks.
    static func quoted(_ name: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let unsafe = scalar == "\"" || scalar == "\\" || scalar.properties.generalCategory == .control
            cleaned.append(unsafe ? "_" : scalar)
        }
        return cleaned.isEmpty ? "file" : String(cleaned)
    }

    private static func headerSafe(_ value: String) -> String {
        let kept = value.unicodeScalars.filter { $0.properties.generalCategory != .control }
        let cleaned = String(String.UnicodeScalarView(kept))
        return cleaned.isEmpty ? "application/octet-stream" : cleaned
    }
}
