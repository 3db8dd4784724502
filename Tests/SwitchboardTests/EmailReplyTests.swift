import EmailConnector
import Foundation
import HTTPTypes
import MailTestSupport
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Mail out and threading: agents' replies reach the real SMTP sink as proper mail, and the
/// customer's answers find their conversation again.
@Suite("Email replies and threading")
struct EmailReplyTests {
    static func conversations(_ org: TestAccount, inbox: Int64) async throws -> [JSONValue] {
        try await org.harness.request(.get, "/api/v1/conversations?inbox_id=\(inbox)", token: org.adminToken).json["items"]?.array ?? []
    }

    static func reply(_ org: TestAccount, conversation: Int64, _ content: String) async throws {
        let reply = try await org.harness.request(
            .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
            json: #"{"content": "\#(content)"}"#
        )
        #expect(reply.status == .created)
        #expect(try await org.harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)
    }

    @Test("an agent's reply is threaded mail; answers join by headers, by subject only from the same person")
    func replyAndThreading() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org)
            let customer = MailInbox.uniqueAddress("mother")
            try await inbox.seed(
                MailInbox.message(
                    from: customer, name: "Марія Бондар", subject: "Довідка для школи", body: "Доброго дня! Потрібна довідка.",
                    messageID: "first-\(customer)"
                )
            )
            #expect(try await inbox.poll().ingested == 1)
            let conversation = try #require(try await Self.conversations(org, inbox: inbox.id).first?["id"]?.int)

            try await Self.reply(org, conversation: conversation, "Добрий день! Довідку надішлемо завтра, о 10:00 — «готово».")
            let sent = try await SinkDelivery.find(recipient: customer, in: inbox.mail.smtpMaildir)
            #expect(sent.mail_from == MailInbox.address)
            #expect(sent.helo == "example.org")
            let mail = try MIMEParser.parse(sent.message)
            #expect(mail.from == EmailAddress(name: "Help line", address: MailInbox.address))
            #expect(mail.to.map(\.address) == [customer])
            #expect(mail.subject == "Re: Довідка для школи")
            #expect(mail.inReplyTo == ["first-\(customer)"])
            #expect(mail.references == ["first-\(customer)"])
            #expect(mail.text == "Добрий день! Довідку надішлемо завтра, о 10:00 — «готово».")
            #expect(mail.html?.contains("Довідку надішлемо завтра") == true)
            let ours = try #require(mail.messageID)
            #expect(ours.hasPrefix("sb.\(conversation)."))
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[1]?["delivery_status"]?.string == "sent")

            // The customer answers our mail under another subject: the headers keep it in the thread.
            try await inbox.seed(
                MailInbox.message(
                    from: customer, subject: "Інше питання", body: "Дякую! А ще одне питання.", messageID: "second-\(customer)",
                    inReplyTo: ours, references: ["first-\(customer)", ours]
                )
            )
            // A stranger with the same subject and no headers opens a conversation of their own.
            let stranger = MailInbox.uniqueAddress("stranger")
            try await inbox.seed(
                MailInbox.message(from: stranger, subject: "Довідка для школи", body: "Мені теж", messageID: "s-\(stranger)")
            )
            // The customer's mail client lost the headers, the subject still matches: same conversation.
            try await inbox.seed(
                MailInbox.message(from: customer, subject: "RE: Довідка для школи", body: "Ще раз дякую", messageID: "third-\(customer)")
            )
            // A colleague copied on the thread answers with the headers: it joins too.
            let colleague = MailInbox.uniqueAddress("teacher")
            try await inbox.seed(
                MailInbox.message(
                    from: colleague, subject: "Re: Довідка для школи", body: "Підтверджую", messageID: "c-\(colleague)",
                    references: [ours]
                )
            )
            #expect(try await inbox.poll().ingested == 4)

            let all = try await Self.conversations(org, inbox: inbox.id)
            #expect(all.count == 2)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE conversation_id = \(conversation)") == 5)
            let strangers = try #require(all.first { $0["id"]?.int != conversation })
            #expect(strangers["contact"]?["name"]?.string != "Марія Бондар")
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE content = 'Мені теж' AND conversation_id <> \(conversation)") == 1)

            // The next reply names the customer's latest mail and the whole thread.
            try await Self.reply(org, conversation: conversation, "Відповідаємо на все")
            let deliveries = try await SinkDelivery.all(recipient: customer, in: inbox.mail.smtpMaildir, atLeast: 2)
            let second = try #require(try deliveries.map { try MIMEParser.parse($0.message) }.first { $0.text == "Відповідаємо на все" })
            #expect(second.inReplyTo == ["third-\(customer)"])
            #expect(second.references.contains(ours) && second.references.contains("first-\(customer)"))
        }
    }

    @Test("a permanent SMTP refusal marks the reply failed with the server's words; a temporary one is retried")
    func permanentRefusal() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org)
            // The sink refuses this address with "550 5.1.1 mailbox unavailable".
            let customer = "reject@example.org"
            try await inbox.seed(
                MailInbox.message(from: customer, subject: "Hi", body: "Hello", messageID: "r-\(MailTestEnvironment.uniqueToken())")
            )
            try await inbox.poll()
            let conversation = try #require(try await Self.conversations(org, inbox: inbox.id).first?["id"]?.int)
            try await Self.reply(org, conversation: conversation, "Answer")
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[1]?["delivery_status"]?.string == "failed")
            #expect(messages.json["items"]?[1]?["delivery_error"]?.string?.contains("550") == true)

            // A temporary refusal ("451 4.3.0 mailbox busy") stays queued for another try, with the reason shown.
            try await inbox.seed(
                MailInbox.message(from: "busy@example.org", subject: "Hi", body: "Hello", messageID: "b-\(MailTestEnvironment.uniqueToken())")
            )
            try await inbox.poll()
            let busy = try #require(try await Self.conversations(org, inbox: inbox.id).first { $0["id"]?.int != conversation }?["id"]?.int)
            try await Self.reply(org, conversation: busy, "Answer")
            let waiting = try await harness.request(.get, "/api/v1/conversations/\(busy)/messages", token: org.adminToken)
            #expect(waiting.json["items"]?[1]?["delivery_status"]?.string == "queued")
            #expect(waiting.json["items"]?[1]?["delivery_error"]?.string?.contains("451") == true)
        }
    }

    @Test("a web form's conversation is answered by email through the account's default email inbox")
    func webformAnsweredByEmail() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let form = try await org.webformInbox()
            let uid = try #require(form["uid"]?.string)
            let person = MailInbox.uniqueAddress("visitor")
            let posted = try await harness.request(
                .post, "/forms/\(uid)", json: #"{"name": "Іван", "email": "\#(person)", "message": "Як записатися?"}"#
            )
            #expect(posted.status.code < 400)
            let conversation = try #require(
                try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int
            )

            // No email inbox answers forms yet: the reply fails and says what to do.
            try await Self.reply(org, conversation: conversation, "Запишіться на сайті")
            var messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[1]?["delivery_status"]?.string == "failed")
            #expect(messages.json["items"]?[1]?["delivery_error"]?.string?.contains("account_default") == true)

            let mailInbox = try await MailInbox.create(org, extra: #", "account_default": true"#)
            try await Self.reply(org, conversation: conversation, "Запишіться на сайті, будь ласка")
            let sent = try await SinkDelivery.find(recipient: person, in: MailTestEnvironment.current().smtpMaildir)
            let mail = try MIMEParser.parse(sent.message)
            #expect(mail.text == "Запишіться на сайті, будь ласка")
            #expect(mail.from?.address == MailInbox.address)
            messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[2]?["delivery_status"]?.string == "sent")

            // The person answers the mail: the answer joins the form's conversation, not a new one.
            let ours = try #require(mail.messageID)
            try await mailInbox.seed(
                MailInbox.message(from: person, subject: "Re: your message", body: "Дякую!", messageID: "a-\(person)", inReplyTo: ours)
            )
            #expect(try await mailInbox.poll().ingested == 1)
            messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[3]?["content"]?.string == "Дякую!")
            #expect(try await Self.conversations(org, inbox: mailInbox.id).isEmpty)
        }
    }
}
