import Foundation
import Testing

@testable import EmailConnector

@Suite("Headers")
struct HeaderTests {
    @Test("folded header lines are unfolded, with CRLF line ends")
    func foldedCRLF() throws {
        let mail = try Fixtures.parse("folded-headers.eml")
        #expect(mail.subject == "A rather long subject line that the sending client decided to fold over\tthree lines")
        #expect(mail.to.map(\.address) == ["help@example.org", "second@example.org", "third@example.org"])
        #expect(mail.to.map(\.name) == ["Help Desk", "Second Person", "Third"])
        #expect(mail.references == ["first@example.org", "second@example.org", "reply-target@example.org"])
        #expect(mail.inReplyTo == ["reply-target@example.org"])
        #expect(mail.messageID == "20240305090703.4711@mail.example.com")
    }

    @Test("folded header lines are unfolded with bare LF line ends")
    func foldedLF() throws {
        let mail = try Fixtures.parse("lf-line-endings.eml")
        #expect(mail.subject == "Folded with bare line feeds")
        #expect(mail.from == EmailAddress(address: "bob@example.com"))
        #expect(mail.text == "Line one.\nLine two.")
    }

    @Test("raw header access is case-insensitive and keeps repeated fields in order")
    func rawHeaders() throws {
        let mail = try Fixtures.parse("folded-headers.eml")
        #expect(mail.header("x-custom-header") == "value one")
        #expect(mail.headers("X-CUSTOM-HEADER") == ["value one", "value two"])
        #expect(mail.header("Return-Path") == "<anna@example.com>")
        #expect(mail.header("X-Not-There") == nil)
        #expect(mail.headers("X-Not-There").isEmpty)
    }

    @Test("raw header access decodes encoded words")
    func rawHeaderDecoded() throws {
        let mail = try Fixtures.parse("encoded-words-utf8.eml")
        #expect(mail.header("subject") == "Заказ №123 не доставлен (urgent)")
    }

    @Test("the Date header is read with its zone")
    func date() throws {
        let mail = try Fixtures.parse("folded-headers.eml")
        // Tue, 5 Mar 2024 09:07:03 +0100 is 08:07:03 UTC.
        #expect(mail.date == Date(timeIntervalSince1970: 1_709_626_023))
    }

    @Test(
        "odd but common Date forms are read",
        arguments: [
            ("5 Mar 2024 08:07:03 +0000", 1_709_626_023.0),
            ("Tue, 05 Mar 24 08:07:03 GMT", 1_709_626_023.0),
            ("Tue, 5 Mar 2024 11:07:03 +0300 (MSK)", 1_709_626_023.0),
            ("Tue, 5 Mar 2024 03:07:03 EST", 1_709_626_023.0),
            ("Tue, 5 Mar 2024 08:07 +0000", 1_709_626_020.0),
            ("Tue, 5 Mar 2024 08:07:03", 1_709_626_023.0),
        ])
    func dateForms(value: String, expected: Double) {
        #expect(MailDate.parse(value) == Date(timeIntervalSince1970: expected))
    }

    @Test("an unreadable Date gives nil, not a wrong date")
    func badDate() {
        #expect(MailDate.parse("yesterday, around noon") == nil)
        #expect(MailDate.parse("Tue, 45 Foo 2024 08:07:03 +0000") == nil)
        #expect(MailDate.parse("") == nil)
    }

    @Test("Message-ID lists tolerate comments, missing brackets and duplicates")
    func messageIDs() {
        #expect(MessageIDList.parse("<a@x> <b@x>\r\n <a@x>") == ["a@x", "b@x"])
        #expect(MessageIDList.parse("<a@x> (Ivan's message of Monday)") == ["a@x"])
        #expect(MessageIDList.parse("a@x b@y") == ["a@x", "b@y"])
        #expect(MessageIDList.parse("no ids here") == [])
    }
}
