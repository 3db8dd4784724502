import Foundation

/// Messages kept in `fixtures/` beside the test sources, with CRLF line endings as on the wire.
enum Fixtures {
    static func message(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures").appendingPathComponent(name)
        return withCRLF([UInt8](try Data(contentsOf: url)))
    }

    /// A plain message of about `size` bytes with `tag` in its subject.
    static func generated(size: Int, tag: String) -> [UInt8] {
        var text =
            "From: bulk@example.net\r\nTo: agent@example.org\r\nSubject: \(tag)\r\n"
            + "Message-ID: <\(tag)@example.net>\r\n\r\n"
        let line = String(repeating: "0123456789", count: 7) + "\r\n"
        while text.utf8.count < size { text += line }
        return Array(text.utf8)
    }

    /// The line dovecot's LMTP puts in front of a delivered message.
    static let returnPath = Array("Return-Path: <seed@example.org>\r\n".utf8)

    private static func withCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            output.append(byte)
            previous = byte
        }
        return output
    }
}
