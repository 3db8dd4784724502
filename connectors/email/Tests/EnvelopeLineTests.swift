import Foundation
import SwitchboardCore
import Testing

@testable import EmailConnector

/// Mail from mbox files and local delivery agents: the `From ` envelope line, wherever a mail server left
/// it, never costs the header block; mail without a Message-ID dedupes on its bytes.
@Suite("Envelope lines and pre-header junk")
struct EnvelopeLineTests {
    static func parse(_ text: String) throws -> ParsedEmail {
        try MIMEParser.parse(Array(text.utf8))
    }

    @Test("a leading From line is skipped")
    func leading() throws {
        let mail = try Self.parse("From someone@example.com Tue May 10 11:28:07 2005\nFrom: Ann <ann@example.com>\nSubject: Hi\n\nBody\n")
        #expect(mail.subject == "Hi" && mail.from?.name == "Ann" && mail.text == "Body")
    }

    @Test("a From line below the headers a mail server added on delivery is skipped too")
    func belowDeliveryHeaders() throws {
        let mail = try Self.parse(
            "Return-Path: <ann@example.com>\r\nDelivered-To: help@example.org\r\nFrom ann@example.com Tue May 10 11:28:07 2005\r\n"
                + "From: Ann <ann@example.com>\r\nSubject: Still read\r\nMessage-ID: <m1@example.com>\r\n\r\nBody\r\n"
        )
        #expect(mail.subject == "Still read")
        #expect(mail.messageID == "m1@example.com")
        #expect(mail.from?.address == "ann@example.com")
    }

    @Test("whitespace-only lines before the first field are skipped; raw UTF-8 headers read as UTF-8")
    func leadingBlankAndUTF8() throws {
        let mail = try Self.parse("  \nFrom: Олена <olena@example.com>\nSubject: Допоможіть\n\nТекст\n")
        #expect(mail.subject == "Допоможіть" && mail.from?.name == "Олена" && mail.text == "Текст")
    }

    @Test("an obsolete `From :` header is still a header, not an envelope line")
    func spacedFromHeader() throws {
        let mail = try Self.parse("From : Ann <ann@example.com>\nSubject: x\n\nBody\n")
        #expect(mail.from?.address == "ann@example.com")
    }

    @Test("mail without Message-ID: the same bytes give the same id; NUL becomes U+FFFD")
    func digestAndNul() throws {
        let raw = Array("From: a@example.com\nSubject: n\0l\n\nt\0\n".utf8)
        let event = EmailEvent.event(raw: raw, parsed: try MIMEParser.parse(raw), ownAddress: "help@example.org")
        let again = EmailEvent.event(raw: raw, parsed: try MIMEParser.parse(raw), ownAddress: "help@example.org")
        #expect(event.externalID.hasPrefix("sha256:") && event.externalID == again.externalID)
        #expect(event.subject == "n\u{FFFD}l" && event.content == "t\u{FFFD}")
        #expect(!event.rawPayload.contains("\0"))
    }
}
