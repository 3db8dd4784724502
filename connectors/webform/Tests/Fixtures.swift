import Foundation
import SwitchboardCore

@testable import WebformConnector

/// Sample request bodies kept in `fixtures/`, byte for byte as clients send them.
enum Fixtures {
    /// The boundary the browser chose for the multipart fixtures.
    static let boundary = "----WebKitFormBoundaryq8Jd3vTzL0RkXw2N"
    static let multipartType = "multipart/form-data; boundary=\(boundary)"
    static let receivedAt = Date(timeIntervalSince1970: 1_700_000_000)

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The copied resource folder; the source folder when run without the bundle.
    static var directory: URL {
        if let bundled = Bundle.module.url(forResource: "fixtures", withExtension: nil) { return bundled }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures")
    }

    static func request(
        contentType: String?, body: [UInt8], headers extra: [String: String] = [:]
    ) -> ChannelRequest {
        var headers = extra
        if let contentType { headers["content-type"] = contentType }
        return ChannelRequest(
            method: "POST", path: "/forms/f7Kq2", headers: headers, query: [:], body: body,
            remoteAddress: "203.0.113.7"
        )
    }

    static func request(contentType: String?, fixture: String, headers: [String: String] = [:]) throws -> ChannelRequest
    {
        request(contentType: contentType, body: try bytes(fixture), headers: headers)
    }

    static func json(_ text: String, headers: [String: String] = [:]) -> ChannelRequest {
        request(contentType: "application/json", body: Array(text.utf8), headers: headers)
    }

    static func urlencoded(_ text: String, headers: [String: String] = [:]) -> ChannelRequest {
        request(contentType: "application/x-www-form-urlencoded", body: Array(text.utf8), headers: headers)
    }

    /// A multipart body built like a browser's, for cases no fixture covers.
    static func multipart(fields: [(String, String)], files: [(name: String, type: String, data: [UInt8])] = [])
        -> ChannelRequest
    {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            let head =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: \(file.type)\r\n\r\n"
            body += Array(head.utf8)
            body += file.data + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return request(contentType: multipartType, body: body)
    }

    static func parse(_ request: ChannelRequest, settings: WebformSettings = WebformSettings(config: [:])) throws
        -> InboundEvent
    {
        try WebformConnector.parseSubmission(request, settings: settings, receivedAt: receivedAt)
    }
}

extension SwitchboardError {
    /// The fields an `invalid` error names; nil for other errors.
    var invalidFields: [String]? {
        guard case .invalid(let errors) = self else { return nil }
        return errors.map(\.field)
    }
}
