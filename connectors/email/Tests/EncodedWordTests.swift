import Testing

@testable import EmailConnector

@Suite("Encoded words")
struct EncodedWordTests {
    @Test("UTF-8 B and Q words in Subject, From and To; a character split across two words")
    func utf8() throws {
        let mail = try Fixtures.parse("encoded-words-utf8.eml")
        #expect(mail.subject == "Заказ №123 не доставлен (urgent)")
        #expect(mail.from == EmailAddress(name: "Иван Петров", address: "ivan@example.ru"))
        #expect(
            mail.to == [
                EmailAddress(name: "Служба поддержки", address: "help@example.org"),
                EmailAddress(name: "Мария, бухгалтерия", address: "maria@example.org"),
            ])
    }

    @Test("KOI8-R words in Subject (B) and From (Q), and a KOI8-R body")
    func koi8r() throws {
        let mail = try Fixtures.parse("koi8r.eml")
        #expect(mail.subject == "Вопрос по счёту")
        #expect(mail.from == EmailAddress(name: "Пётр Сидоров", address: "petr@example.ru"))
        #expect(mail.text == "Добрый день!\nПришлите, пожалуйста, счёт ещё раз.")
    }

    @Test("Windows-1251 words in Subject (Q) and From (B), a group in To, a quoted-printable body")
    func windows1251() throws {
        let mail = try Fixtures.parse("windows1251.eml")
        #expect(mail.subject == "Счёт №45 оплачен")
        #expect(mail.from == EmailAddress(name: "Ольга Кузнецова", address: "olga@example.ru"))
        #expect(
            mail.to == [
                EmailAddress(address: "help@example.org"), EmailAddress(name: "Олег", address: "oleg@example.org"),
            ])
        #expect(mail.text == "Здравствуйте!\nОплату провели вчера, номер платёжки 778.\nС уважением, Ольга")
    }

    @Test(
        "whitespace between adjacent encoded words is dropped, around plain text it stays",
        arguments: [
            ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),
            ("=?UTF-8?Q?a?=\r\n  =?UTF-8?Q?b?=", "ab"),
            ("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"),
            ("Re: =?UTF-8?Q?Caf=C3=A9?= au lait", "Re: Café au lait"),
            ("=?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?0JrQvtGE0LU=?=", "CaféКофе"),
            ("=?utf-8*ru?q?=D0=94=D0=B0?=", "Да"),
            ("=?UTF-8?Q?under_score?=", "under score"),
            ("plain text only", "plain text only"),
            ("=?UTF-8?X?not-an-encoding?=", "=?UTF-8?X?not-an-encoding?="),
            ("=?broken", "=?broken"),
        ])
    func joining(raw: String, decoded: String) {
        #expect(HeaderTextDecoder.utf8.decode(raw) == decoded)
    }

    @Test("an unknown charset in an encoded word degrades to UTF-8")
    func unknownCharset() {
        #expect(HeaderTextDecoder.utf8.decode("=?x-made-up?B?0J/RgNC40LLQtdGC?=") == "Привет")
    }

    @Test("raw 8-bit header bytes are read in the body's charset when they are not UTF-8")
    func raw8BitHeader() throws {
        let mail = try Fixtures.parse("iso-8859-1.eml")
        #expect(mail.subject == "Café")
        #expect(mail.from == EmailAddress(name: "José", address: "jose@example.es"))
    }
}
