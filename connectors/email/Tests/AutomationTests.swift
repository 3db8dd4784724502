import Testing

@testable import EmailConnector

@Suite("Automated mail")
struct AutomationTests {
    @Test("an out-of-office reply is an auto-reply")
    func autoReply() throws {
        let mail = try Fixtures.parse("auto-reply.eml")
        #expect(mail.automation == .autoReply(reason: "Auto-Submitted: auto-replied"))
    }

    @Test("a delivery status notification is a bounce, and its human part is the text")
    func bounce() throws {
        let mail = try Fixtures.parse("bounce-dsn.eml")
        #expect(mail.automation == .bounce(reason: "multipart/report; report-type=delivery-status"))
        #expect(mail.text.hasPrefix("This is the mail system at host mx.example.org."))
        #expect(mail.attachments.map(\.contentType) == ["message/delivery-status", "text/rfc822-headers"])
    }

    @Test("list mail is bulk")
    func list() throws {
        let mail = try Fixtures.parse("list-mail.eml")
        #expect(mail.automation == .bulk(reason: "Precedence: list"))
    }

    @Test(
        "ordinary mail is not flagged",
        arguments: ["folded-headers.eml", "nested-multipart.eml", "quote-english.eml", "koi8r.eml", "html-only.eml"])
    func ordinary(fixture: String) throws {
        #expect(try Fixtures.parse(fixture).automation == nil)
    }

    @Test(
        "each header that marks automated mail",
        arguments: [
            ("Auto-Submitted: auto-generated", "autoReply"),
            ("X-Autoreply: yes", "autoReply"),
            ("X-Autorespond: Out of office", "autoReply"),
            ("X-Auto-Response-Suppress: OOF, DR", "autoReply"),
            ("Precedence: auto_reply", "autoReply"),
            ("Return-Path: <>", "autoReply"),
            ("Precedence: bulk", "bulk"),
            ("Precedence: junk", "bulk"),
            ("List-Id: <team.lists.example.com>", "bulk"),
            ("List-Unsubscribe: <https://example.com/u>", "bulk"),
            ("From: MAILER-DAEMON@mx.example.com", "bounce"),
            ("From: Postmaster <postmaster@example.com>", "bounce"),
        ])
    func headers(header: String, kind: String) throws {
        let from = header.hasPrefix("From:") ? "" : "From: a@example.com\n"
        let mail = try Fixtures.parse(text: "\(from)\(header)\nSubject: x\n\nbody\n")
        switch mail.automation {
        case .autoReply: #expect(kind == "autoReply")
        case .bulk: #expect(kind == "bulk")
        case .bounce: #expect(kind == "bounce")
        case nil: Issue.record("\(header) was not recognised")
        }
    }

    @Test(
        "headers saying \"not automated\" do not flag",
        arguments: [
            "Auto-Submitted: no", "X-Autoreply: no", "X-Auto-Response-Suppress: RN, NRN", "Precedence: first-class",
        ])
    func negative(header: String) throws {
        let mail = try Fixtures.parse(text: "From: a@example.com\n\(header)\nSubject: x\n\nbody\n")
        #expect(mail.automation == nil)
    }

    @Test("a message/delivery-status part anywhere marks a bounce")
    func statusPart() throws {
        let mail = try Fixtures.parse(
            text: """
                From: relay@example.com
                Content-Type: multipart/mixed; boundary=B

                --B
                Content-Type: text/plain

                Could not deliver.
                --B
                Content-Type: message/delivery-status

                Status: 5.0.0
                --B--
                """)
        #expect(mail.automation == .bounce(reason: "message/delivery-status part"))
    }
}
