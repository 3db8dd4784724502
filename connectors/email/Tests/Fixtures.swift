import Foundation
import Testing

@testable import EmailConnector

/// Sample messages kept in `fixtures/`, byte for byte as mail servers deliver them.
enum Fixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func parse(_ name: String) throws -> ParsedEmail {
        try MIMEParser.parse(try bytes(name))
    }

    /// Parses a message written inline in a test, turning its `\n` line ends into CRLF.
    static func parse(text: String) throws -> ParsedEmail {
        try MIMEParser.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    /// The copied resource folder; the source folder when run without the bundle.
    static var directory: URL {
        if let bundled = Bundle.module.url(forResource: "fixtures", withExtension: nil) { return bundled }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures")
    }
}
