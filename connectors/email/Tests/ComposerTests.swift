import Foundation
import Testing

@testable import EmailConnector

@Suite("Composing mail")
struct ComposerTests {
    static let date = Date(timeIntervalSince1970: 1_709_626_023)

    static func reply(
        subject: String = "Re: Заказ №123 не доставлен — проверим сегодня же, обещаем",
        text: String = "Здравствуйте, Иван!\n\nВаш заказ передан курьеру.\nНомер отслеживания: 42.",
        html: String? = nil, attachments: [OutgoingAttachment] = []
    ) -> OutgoingEmail {
        OutgoingEmail(
            from: EmailAddress(name: "Служба поддержки «Ромашка»", address: "help@example.org"),
            to: [EmailAddress(name: "Иван Петров", address: "ivan@example.ru"), EmailAddress(address: "x@example.ru")],
            replyTo: EmailAddress(address: "help@example.org"),
            subject: subject,
            messageID: "sb.c42.m7@example.org",
            inReplyTo: "utf8-words@example.ru",
            references: ["first@example.ru", "second@example.ru", "utf8-words@example.ru"],
            date: date, text: text, html: html, attachments: attachments,
            extraHeaders: [(name: "Auto-Submitted", value: "auto-replied")]
        )
    }

    static func headerLines(_ raw: [UInt8]) -> [String] {
        let text = String(decoding: raw, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n")
    }

    @Test("headers: CRLF, ≤ 76 characters per line, dates, ids and MIME version")
    func headers() throws {
        let raw = MIMEComposer.compose(Self.reply())
        let text = String(decoding: raw, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = Self.headerLines(raw)
        for line in lines { #expect(line.count <= 76, "\(line)") }
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(lines.contains("Date: Tue, 05 Mar 2024 08:07:03 +0000"))
        #expect(lines.contains("Message-ID: <sb.c42.m7@example.org>"))
        #expect(lines.contains("In-Reply-To: <utf8-words@example.ru>"))
        #expect(lines.contains("MIME-Version: 1.0"))
        #expect(lines.contains("Auto-Submitted: auto-replied"))
        #expect(lines.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
        #expect(lines.contains("Content-Type: text/plain; charset=UTF-8"))
    }

    @Test("compose → parse gives back subject, names, ids and text")
    func roundTrip() throws {
        let mail = Self.reply()
        let parsed = try MIMEParser.parse(MIMEComposer.compose(mail))
        #expect(parsed.subject == mail.subject)
        #expect(parsed.from == mail.from)
        #expect(parsed.to == mail.to)
        #expect(parsed.replyTo == [EmailAddress(address: "help@example.org")])
        #expect(parsed.messageID == mail.messageID)
        #expect(parsed.inReplyTo == ["utf8-words@example.ru"])
        #expect(parsed.references == mail.references)
        #expect(parsed.date == Self.date)
        #expect(parsed.text == mail.text)
        #expect(parsed.html == nil)
        #expect(parsed.automation == .autoReply(reason: "Auto-Submitted: auto-replied"))
    }

    @Test(
        "subjects of every kind round-trip",
        arguments: [
            "Re: Order 42", "Café crème", "Re: " + String(repeating: "long words here ", count: 12),
            "Ünïcödé and 日本語 and emoji 🎉👍🏽", "=?UTF-8?Q?looks_encoded?=", "Tabs\tand\nnewlines",
            String(repeating: "Ж", count: 200),
        ])
    func subjects(subject: String) throws {
        let raw = MIMEComposer.compose(Self.reply(subject: subject))
        for line in Self.headerLines(raw) where line.hasPrefix("Subject") || line.hasPrefix(" ") {
            #expect(line.count <= 76, "\(line)")
        }
        let parsed = try MIMEParser.parse(raw)
        #expect(parsed.subject == HeaderEncoding.singleLine(subject).trimmed())
    }

    @Test("display names needing quotes or encoding round-trip")
    func names() throws {
        var mail = Self.reply()
        mail.to = [
            EmailAddress(name: "Petrov, Ivan \"Vanya\"", address: "ivan@example.ru"),
            EmailAddress(name: "José Müller", address: "jose@example.es"),
            EmailAddress(name: "plain name", address: "p@example.com"),
        ]
        let parsed = try MIMEParser.parse(MIMEComposer.compose(mail))
        #expect(parsed.to == mail.to)
    }

    @Test("ASCII text goes quoted-printable, Cyrillic text base64, both round-trip exactly")
    func bodyEncodings() throws {
        let ascii =
            "Hello,\n\nline with = sign and trailing space \n.leading dot\nFrom the start\n"
            + String(repeating: "long ", count: 40)
        let asciiRaw = MIMEComposer.compose(Self.reply(text: ascii))
        #expect(String(decoding: asciiRaw, as: UTF8.self).contains("Content-Transfer-Encoding: quoted-printable"))
        let bodyLines = String(decoding: asciiRaw, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(bodyLines.allSatisfy { $0.count <= 76 })
        #expect(try MIMEParser.parse(asciiRaw).text == ascii.trimmed())

        let cyrillic = "Здравствуйте!\nСпасибо за обращение."
        let cyrillicRaw = MIMEComposer.compose(Self.reply(text: cyrillic))
        #expect(String(decoding: cyrillicRaw, as: UTF8.self).contains("Content-Transfer-Encoding: base64"))
        #expect(try MIMEParser.parse(cyrillicRaw).text == cyrillic)
    }

    @Test("HTML makes multipart/alternative; attachments wrap it in multipart/mixed")
    func structure() throws {
        let html = MIMEComposer.htmlFromText(Self.reply().text)
        let files = [
            OutgoingAttachment(
                name: "Счёт №45 для ООО «Ромашка» за март 2024 года.pdf", contentType: "application/pdf",
                data: Array("%PDF-1.4 fake".utf8)),
            OutgoingAttachment(
                name: "photo.jpg", contentType: "image/jpeg", data: [0xFF, 0xD8, 0xFF, 0x00, 0x0D, 0x0A]),
        ]
        let raw = MIMEComposer.compose(Self.reply(html: html, attachments: files))
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/mixed;"))
        #expect(text.contains("Content-Type: multipart/alternative;"))
        #expect(text.contains("filename*0*=UTF-8''"))
        #expect(text.contains("filename=\"photo.jpg\""))
        for line in text.components(separatedBy: "\r\n") { #expect(line.count <= 76, "\(line)") }

        let parsed = try MIMEParser.parse(raw)
        #expect(parsed.text == Self.reply().text)
        #expect(parsed.html == html)
        #expect(parsed.attachments.map(\.name) == files.map(\.name))
        #expect(parsed.attachments.map(\.contentType) == files.map(\.contentType))
        #expect(parsed.attachments.map(\.data) == files.map(\.data))
    }

    @Test("the ASCII fallback file name keeps what it can")
    func fallbackName() {
        #expect(AttachmentName.asciiFallback("Счёт №45 «Ромашка».pdf") == "Schet No45 Romashka.pdf")
        #expect(AttachmentName.asciiFallback("Їжак і Ґава.txt") == "Yizhak i Gava.txt")
        #expect(AttachmentName.asciiFallback("Invoice März.pdf") == "Invoice M_rz.pdf")
        #expect(AttachmentName.asciiFallback("say \"hi\".txt") == "say hi.txt")
        #expect(AttachmentName.asciiFallback("報告.pdf") == "attachment.pdf")
        #expect(AttachmentName.asciiFallback("報告") == "attachment")
    }

    @Test("a 1 MB attachment round-trips byte-exact")
    func largeAttachment() throws {
        var generator = SplitMix(seed: 7)
        let data = (0..<1_048_576).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let file = OutgoingAttachment(name: "archive.bin", contentType: "application/octet-stream", data: data)
        let parsed = try MIMEParser.parse(MIMEComposer.compose(Self.reply(attachments: [file])))
        let attachment = try #require(parsed.attachments.first)
        #expect(attachment.size == data.count)
        #expect(attachment.data == data)
        #expect(parsed.text == Self.reply().text)
    }

    @Test("line breaks in header values cannot inject header fields")
    func headerInjection() throws {
        var mail = Self.reply(subject: "Hi\r\nBcc: victim@example.com")
        mail.to = [EmailAddress(name: "Eve\r\nBcc: x@example.com", address: "eve@example.com>\r\nBcc: y@example.com")]
        mail.extraHeaders = [(name: "X-Note\r\nBcc", value: "a\r\nBcc: z@example.com")]
        let parsed = try MIMEParser.parse(MIMEComposer.compose(mail))
        #expect(parsed.headers("Bcc").isEmpty)
    }

    @Test("htmlFromText makes web addresses links, leaving a sentence's full stop outside")
    func htmlFromTextLinks() {
        let html = MIMEComposer.htmlFromText("Rate us: https://help.example.org/rate/7-5-ab?x=1&y=2. Or http://a.example (b)")
        #expect(html.contains(
            #"Rate us: <a href="https://help.example.org/rate/7-5-ab?x=1&amp;y=2">https://help.example.org/rate/7-5-ab?x=1&amp;y=2</a>. "#
        ))
        #expect(html.contains(#"Or <a href="http://a.example">http://a.example</a> (b)"#))
    }

    @Test("htmlFromText escapes markup and keeps paragraphs and line breaks")
    func htmlFromText() {
        let html = MIMEComposer.htmlFromText("Hi <b>you</b> & co,\n\nline one\nline two")
        #expect(html.contains("<p>Hi &lt;b&gt;you&lt;/b&gt; &amp; co,</p>"))
        #expect(html.contains("<p>line one<br>\nline two</p>"))
        #expect(HTMLText.plainText(fromHTML: html) == "Hi <b>you</b> & co,\n\nline one\nline two")
    }
}
