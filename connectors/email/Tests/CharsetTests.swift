import Testing

@testable import EmailConnector

@Suite("Charsets")
struct CharsetTests {
    @Test("an ISO-8859-1 body")
    func latin1() throws {
        let mail = try Fixtures.parse("iso-8859-1.eml")
        #expect(mail.text == "Café crème, ça coûte 5 EUR?\nMerci, José")
    }

    @Test("an ISO-8859-5 body in base64")
    func iso88595() throws {
        let mail = try Fixtures.parse("iso-8859-5.eml")
        #expect(mail.text == "Привет из прошлого века.")
    }

    @Test("an unknown charset reads as UTF-8 with invalid bytes replaced")
    func unknown() throws {
        let mail = try Fixtures.parse("unknown-charset.eml")
        #expect(mail.text == "Привет, world \u{FFFD}!")
    }

    @Test(
        "each supported charset decodes",
        arguments: [
            ("utf-8", [0xD0, 0x94, 0xD0, 0xB0] as [UInt8], "Да"),
            ("windows-1251", [0xC4, 0xE0], "Да"),
            ("cp1251", [0xC4, 0xE0], "Да"),
            ("koi8-r", [0xE4, 0xC1], "Да"),
            ("iso-8859-5", [0xB4, 0xD0], "Да"),
            ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),
            ("us-ascii", [0x6F, 0x6B], "ok"),
            ("koi8-u", [0xA4, 0xC1], "єа"),
            ("utf-16be", [0x04, 0x14, 0x04, 0x30], "Да"),
            ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "日本"),
            ("\"UTF-8\"", [0x6F, 0x6B], "ok"),
        ])
    func decode(charset: String, bytes: [UInt8], expected: String) {
        #expect(CharsetDecoder.decode(bytes, charset: charset) == expected)
    }

    @Test("bytes a charset cannot hold become replacement characters, the rest survives")
    func invalidBytes() {
        // 0x98 is unassigned in Windows-1251.
        #expect(CharsetDecoder.decode([0xC4, 0x98, 0xE0], charset: "windows-1251") == "Д\u{FFFD}а")
        #expect(CharsetDecoder.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
    }

    @Test("charset names that could confuse iconv are not passed to it")
    func hostileCharsetName() {
        #expect(CharsetDecoder.decode([0x6F, 0x6B], charset: "UTF-8//IGNORE/../../x") == "ok")
        #expect(CharsetDecoder.decode([0x6F, 0x6B], charset: String(repeating: "A", count: 500)) == "ok")
    }
}
