import Testing

@testable import EmailConnector

@Suite("Multipart and attachments")
struct MultipartTests {
    @Test("mixed > related > alternative: plain text shown, HTML kept, image and PDF attached")
    func nested() throws {
        let mail = try Fixtures.parse("nested-multipart.eml")
        #expect(
            mail.text == """
                Hello,

                see the chart below. The numbers are up 12% — a good quarter.
                This line is long enough that the sender wrapped it with a soft line break in the middle of a word.

                Regards, Mia
                """)
        #expect(mail.html?.contains("<img src=\"cid:chart@example.com\">") == true)
        #expect(mail.attachments.map(\.name) == ["chart.png", "report.pdf"])
        #expect(mail.attachments.map(\.contentType) == ["image/png", "application/pdf"])
        #expect(mail.automation == nil)
    }

    @Test("an inline image keeps its Content-ID, type, size and bytes")
    func inlineImage() throws {
        let mail = try Fixtures.parse("nested-multipart.eml")
        let image = try #require(mail.attachments.first)
        #expect(image.contentID == "chart@example.com")
        #expect(image.isInline)
        #expect(image.size == 70)
        #expect(Array(image.data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try #require(mail.attachments.last)
        #expect(!pdf.isInline)
        #expect(pdf.contentID == nil)
        #expect(String(decoding: pdf.data, as: UTF8.self).hasPrefix("%PDF-1.4\n"))
    }

    @Test("RFC 2231 names, continuations, encoded-word names and unsafe paths")
    func attachmentNames() throws {
        let mail = try Fixtures.parse("attachment-names.eml")
        #expect(mail.text == "Four files attached.")
        #expect(
            mail.attachments.map(\.name) == [
                "Договор поставки.pdf",
                "Очень длинное название приложения к письму номер 42.docx",
                "Примечание.txt",
                "passwd",
                "attachment-5.ics",
                "The forwarded one.eml",
            ])
        #expect(
            mail.attachments.map { String(decoding: $0.data, as: UTF8.self) }.prefix(4) == [
                "first file", "second file", "third file", "fourth file",
            ])
    }

    @Test("calendar invitations and forwarded messages are attachments with their types")
    func otherTypes() throws {
        let mail = try Fixtures.parse("attachment-names.eml")
        let calendar = try #require(mail.attachments.first { $0.contentType == "text/calendar" })
        #expect(String(decoding: calendar.data, as: UTF8.self).hasPrefix("BEGIN:VCALENDAR"))
        let forwarded = try #require(mail.attachments.first { $0.contentType == "message/rfc822" })
        let inner = try MIMEParser.parse(forwarded.data)
        #expect(inner.subject == "The forwarded one")
        #expect(inner.text == "Forwarded body.")
    }

    @Test("quoted-printable: escapes, soft breaks, trailing blanks and broken escapes")
    func quotedPrintable() {
        let encoded = Array("caf=C3=A9 =\r\nsoft   \r\n=3D=XY=\nend=".utf8)
        let decoded = TransferDecoding.quotedPrintable(encoded[...])
        #expect(String(decoding: decoded, as: UTF8.self) == "café soft\r\n==XYend")
    }

    @Test("base64 survives odd line lengths, blanks, missing padding and glued blocks")
    func base64() {
        #expect(TransferDecoding.base64(Array("SGVs\r\n bG8g\td29y bGQ".utf8)) == Array("Hello world".utf8))
        #expect(TransferDecoding.base64(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
        #expect(TransferDecoding.base64(Array("!!!".utf8)) == [])
    }

    @Test("format=flowed paragraphs are joined again, the signature separator kept")
    func flowed() throws {
        let mail = try Fixtures.parse("flowed.eml")
        #expect(
            mail.text == """
                This paragraph was wrapped by the client at a fixed width and should come back as one line.
                Second paragraph.

                -- 
                Signature
                """)
    }

    @Test("nesting deeper than the limit is cut off without crashing")
    func deepNesting() throws {
        var raw = "From: deep@example.com\nSubject: Deep\n"
        for level in 0..<200 {
            raw += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n"
        }
        raw += "Content-Type: text/plain\n\nbottom\n"
        let mail = try Fixtures.parse(text: raw)
        #expect(mail.subject == "Deep")
        #expect(!mail.text.contains("bottom"))
    }

    @Test("a text part with a file name is an attachment, not body text")
    func namedTextPart() throws {
        let mail = try Fixtures.parse(
            text: """
                From: a@example.com
                Content-Type: multipart/mixed; boundary=B

                --B
                Content-Type: text/plain

                Body.
                --B
                Content-Type: text/plain; name=notes.txt

                Notes.
                --B--
                """)
        #expect(mail.text == "Body.")
        #expect(mail.attachments.map(\.name) == ["notes.txt"])
    }

    @Test("Content-Type values with comments, odd case and quoted parameters")
    func contentTypeForms() {
        let parsed = HeaderParameters(parsing: Array("Text/Plain (body); CHARSET = \"koi8-r\" ; format=flowed".utf8))
        #expect(parsed.value == "text/plain")
        #expect(parsed.parameter("charset") == "koi8-r")
        #expect(parsed.parameter("Format") == "flowed")
        #expect(parsed.parameter("missing") == nil)
    }
}
