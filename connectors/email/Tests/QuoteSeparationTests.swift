import Testing

@testable import EmailConnector

@Suite("Quoted history")
struct QuoteSeparationTests {
    @Test("English \"On … wrote:\" split over two lines")
    func english() throws {
        let mail = try Fixtures.parse("quote-english.eml")
        #expect(mail.text == "Thanks, that fixed it!")
        #expect(
            mail.quotedHistory == """
                On Tue, Mar 5, 2024 at 9:07 AM Help Desk <help@example.org>
                wrote:
                > Please restart the router and try again.
                >
                > Help Desk
                """)
    }

    @Test("Outlook's From/Sent/To/Subject block with its rule")
    func outlook() throws {
        let mail = try Fixtures.parse("quote-outlook.eml")
        #expect(mail.text == "Got it, thank you.\n\nJohn")
        #expect(mail.quotedHistory?.hasPrefix("________________________________\nFrom: Help Desk") == true)
        #expect(mail.quotedHistory?.hasSuffix("The invoice is attached.") == true)
    }

    @Test("-----Original Message-----")
    func originalMessage() throws {
        let mail = try Fixtures.parse("quote-original-message.eml")
        #expect(mail.text == "Still no access, sorry.")
        #expect(mail.quotedHistory?.hasPrefix("-----Original Message-----") == true)
    }

    @Test("Russian \"… написал(а):\"")
    func russian() throws {
        let mail = try Fixtures.parse("quote-russian.eml")
        #expect(mail.text == "Спасибо, всё получил.")
        #expect(mail.quotedHistory?.hasSuffix("> Ваш заказ отправлен.") == true)
    }

    @Test("Russian \"… пишет:\" without > lines")
    func russianPishet() throws {
        let mail = try Fixtures.parse("quote-russian-pishet.eml")
        #expect(mail.text == "Когда будет курьер?")
        #expect(mail.quotedHistory == "05.03.2024 09:07, Служба поддержки пишет:\nВаш заказ отправлен.")
    }

    @Test("Ukrainian \"… написав(ла):\"")
    func ukrainian() throws {
        let mail = try Fixtures.parse("quote-ukrainian.eml")
        #expect(mail.text == "Дякую, все отримала.")
        #expect(mail.quotedHistory?.hasPrefix("вт, 5 бер. 2024 р. о 09:07") == true)
    }

    @Test("a trailing block of > lines goes to history; interleaved quotes stay")
    func angleLines() throws {
        let mail = try Fixtures.parse("quote-angle.eml")
        #expect(mail.text == "> Are you open on Sunday?\nYes, from 10 to 4.\n\nSee you then.")
        #expect(mail.quotedHistory == "Help Desk wrote earlier today:\n> Anything else?\n> > Are you open on Sunday?")
    }

    @Test("a message that is all quote stays text")
    func allQuoted() throws {
        let mail = try Fixtures.parse("quote-only.eml")
        #expect(mail.text == "> Are you open on Sunday?\n> Yes, from 10 to 4.")
        #expect(mail.quotedHistory == nil)
    }

    @Test(
        "more attribution styles",
        arguments: [
            "Fine.\n\nOn 05.03.2024 09:07, help@example.org wrote:\n> x",
            "Fine.\n\nИван Петров <ivan@example.ru> написал:\n> x",
            "Fine.\n\n05.03.2024, 09:07, \"Help\" <help@example.org>:\n> x",
            "Fine.\n\nвт, 5 мар. 2024 г. в 09:07, Служба поддержки\n<help@example.org>:\n> x",
            "Fine.\n\nОт: Служба поддержки <help@example.org>\nОтправлено: 5 марта 2024 г. 9:07\nКому: Иван\nТема: Заказ\n\nx",
            "Fine.\n\n*From:* Help <help@example.org>\n*Sent:* Tuesday\n*To:* Ivan\n\nx",
        ])
    func styles(text: String) {
        let (fresh, quoted) = QuoteSeparator.separate(text)
        #expect(fresh == "Fine.")
        #expect(quoted != nil)
    }

    @Test("ordinary text with colons and a From: line is not cut")
    func notQuotes() {
        let text = "Order details:\nFrom: Berlin\nTo: Paris\nThanks!"
        #expect(QuoteSeparator.separate(text).text == text)
        #expect(QuoteSeparator.separate(text).quoted == nil)
    }

    @Test("a forward keeps the passed-on message as text")
    func forward() throws {
        let mail = try Fixtures.parse(
            text: """
                From: boss@example.com
                Subject: Fwd: Complaint
                Content-Type: text/plain

                Please handle this one.

                ---------- Forwarded message ---------
                From: Angry Customer <angry@example.net>
                Date: Mon, 4 Mar 2024 at 10:00
                Subject: Complaint
                To: <boss@example.com>

                The kettle leaks.
                """)
        #expect(mail.quotedHistory == nil)
        #expect(mail.text.hasSuffix("The kettle leaks."))
        let reply = QuoteSeparator.separate(
            "See below.\n\n---------- Forwarded message ---------\nFrom: a@x.org\nDate: today\nTo: b@x.org\n\nBody")
        #expect(reply.quoted == nil)
    }
}
