import Foundation
import Testing

@testable import EmailConnector

@Suite("Malformed input")
struct MalformedInputTests {
    @Test("headers without a blank line before the body")
    func noSeparator() throws {
        let mail = try Fixtures.parse("malformed-no-separator.eml")
        #expect(mail.subject == "No blank line")
        #expect(mail.text == "This body follows the headers directly.\nSecond line of the body.")
    }

    @Test("a boundary that never appears: the body is read as text")
    func brokenBoundary() throws {
        let mail = try Fixtures.parse("malformed-broken-boundary.eml")
        #expect(mail.text.contains("Text behind the wrong boundary."))
    }

    @Test("a multipart without a boundary parameter: the boundary is guessed")
    func missingBoundary() throws {
        let mail = try Fixtures.parse("malformed-missing-boundary.eml")
        #expect(mail.text == "Found by guessing the boundary.")
    }

    @Test("a message cut off inside base64 keeps the text and the bytes that arrived")
    func truncated() throws {
        let mail = try Fixtures.parse("malformed-truncated.eml")
        #expect(mail.text == "The attachment below was cut off in transit.")
        let attachment = try #require(mail.attachments.first)
        #expect(attachment.name == "data.bin")
        #expect(attachment.data == Array(0..<UInt8(attachment.data.count)))
        #expect(attachment.data.count >= 40)
    }

    @Test("a body without headers is text")
    func noHeaders() throws {
        let mail = try MIMEParser.parse(Array("just some words\nand more".utf8))
        #expect(mail.text == "just some words\nand more")
        #expect(mail.from == nil)
        #expect(mail.subject == nil)
    }

    @Test("empty and blank input is an error, not a crash")
    func empty() {
        #expect(throws: MIMEError.empty) { try MIMEParser.parse([]) }
        #expect(throws: MIMEError.empty) { try MIMEParser.parse(Array(" \r\n\r\n".utf8)) }
    }

    @Test("input over the documented size is refused")
    func tooLarge() {
        let size = MIMEParser.maximumMessageBytes + 1
        #expect(throws: MIMEError.tooLarge(bytes: size, limit: MIMEParser.maximumMessageBytes)) {
            try MIMEParser.parse([UInt8](repeating: 0x61, count: size))
        }
    }

    @Test("random bytes and hostile fragments parse without crashing")
    func garbage() throws {
        var generator = SplitMix(seed: 42)
        for length in [1, 2, 7, 64, 1_000, 20_000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? MIMEParser.parse(bytes)
        }
        let fragments = [
            "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
            "Subject: =?UTF-8?B?\nFrom: <<<>>>,,,\"\n\n",
            "Content-Type: multipart/mixed; boundary=x\n\n--x\n--x\n--x--",
            "Content-Type: text/plain; charset*0*=utf-8''%; filename*99999999999999999999=a\n\nx",
            "From: (((nested (comment\nTo: a@b:;;;,,\"\n\nx",
            "Content-Transfer-Encoding: quoted-printable\n\n=\n=4\n==\n",
            "Content-Type: text/html\n\n<a href=\"<<<<<<<<\"></a><!--",
            "Content-Type: text/html\n\n<" + String(repeating: "<b>", count: 5_000),
            "Content-Type: text/html\n\n" + String(repeating: "<head><title>", count: 2_000),
            "Date: Mon, 1 Jan 99999999999999 99999999:00:00 +9999\nSubject: dates\n\nx",
            "Date: 31 Dec 9999 23:59:60 -9959\n\nx",
        ]
        for fragment in fragments {
            let mail = try Fixtures.parse(text: fragment)
            _ = mail.text
        }
    }
}

extension MalformedInputTests {
    @Test("every fixture cut short or with flipped bytes still parses")
    func damagedFixtures() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.directory.path)
            .filter { $0.hasSuffix(".eml") }
        #expect(names.count > 20)
        var generator = SplitMix(seed: 2024)
        for name in names {
            let original = try Fixtures.bytes(name)
            for cut in stride(from: 1, to: original.count, by: max(1, original.count / 40)) {
                _ = try? MIMEParser.parse(Array(original.prefix(cut)))
            }
            for _ in 0..<40 {
                var damaged = original
                for _ in 0..<8 {
                    let position = Int(generator.next() % UInt64(damaged.count))
                    damaged[position] = UInt8(truncatingIfNeeded: generator.next())
                }
                let mail = try MIMEParser.parse(damaged)
                _ = (mail.text, mail.attachments.count)
            }
        }
    }
}

/// A small deterministic generator, so a failure is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
