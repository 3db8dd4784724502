import EmailTransport
import Foundation
import HTTPTypes
import MailTestSupport
import PostgresNIO
import SwitchboardStore
import Testing

@testable import EmailConnector
@testable import SwitchboardCore
@testable import switchboard

/// Mail in: a real dovecot mailbox polled by the server's poller, checked through the API.
@Suite("Email intake through the server")
struct EmailIntakeTests {
    @Test("every seeded message is ingested once, read correctly, and a second poll or a restart adds nothing")
    func firstPollSecondPollRestart() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org)
            for name in ["koi8r.eml", "windows1251.eml", "encoded-words-utf8.eml", "html-only.eml"] {
                try await inbox.seed(try MailInbox.fixture(name))
            }

            let first = try await inbox.poll()
            #expect(first.ingested == 4)
            #expect(first.failure == nil)
            let second = try await inbox.poll()
            #expect(second.ingested == 0 && second.duplicates == 0)

            let list = try await harness.request(.get, "/api/v1/conversations?inbox_id=\(inbox.id)", token: org.adminToken)
            let items = list.json["items"]?.array ?? []
            #expect(items.count == 4)
            let byName = Dictionary(items.compactMap { item in item["contact"]?["name"]?.string.map { ($0, item) } }) { a, _ in a }
            #expect(byName["Пётр Сидоров"]?["subject"]?.string == "Вопрос по счёту")
            #expect(byName["Ольга Кузнецова"]?["subject"]?.string == "Счёт №45 оплачен")
            #expect(byName["Иван Петров"] != nil)
            let olga = try #require(byName["Ольга Кузнецова"]?["id"]?.int)
            let olgaMessages = try await harness.request(.get, "/api/v1/conversations/\(olga)/messages", token: org.adminToken)
            #expect(olgaMessages.json["items"]?[0]?["content"]?.string?.hasPrefix("Здравствуйте!\nОплату провели вчера") == true)
            #expect(olgaMessages.json["items"]?[0]?["subject"]?.string == "Счёт №45 оплачен")

            // HTML-only mail reads as text: structure kept, styles and scripts gone.
            let html = try #require(items.first { $0["subject"]?.string == "HTML only" }?["id"]?.int)
            let htmlMessages = try await harness.request(.get, "/api/v1/conversations/\(html)/messages", token: org.adminToken)
            let text = try #require(htmlMessages.json["items"]?[0]?["content"]?.string)
            #expect(text.contains("Order problem"))
            #expect(text.contains("my order #42 arrived damaged."))
            #expect(!text.contains("tracking") && !text.contains("color: red"))

            // People reading the mailbox in a mail client still see the mail as unread.
            let client = try inbox.mail.imapClient(mailbox: inbox.mailbox)
            for uid in try await client.uids(from: 1) {
                #expect(try await client.flags(uid: uid).contains("\\Seen") == false)
            }

            // A restart: a new poller in a new process knows only what the database knows.
            let restarted = harness.assembly.mailboxPollers()[0]
            #expect(try await inbox.poll(restarted).ingested == 0)
            // A crash after the commit but before the checkpoint, and a UIDVALIDITY change: the mailbox
            // is read again and Message-IDs keep every message single.
            _ = try await harness.count("UPDATE mailbox_checkpoints SET uid_validity = uid_validity + 1 RETURNING 0")
            let reread = try await inbox.poll(restarted)
            #expect(reread.duplicates == 4 && reread.ingested == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 4)

            try await inbox.seed(MailInbox.message(from: "new@example.net", subject: "One more", body: "Hi", messageID: "m5@example.net"))
            #expect(try await inbox.poll(restarted).ingested == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 5)
        }
    }

    @Test("attachments arrive byte for byte; an auto-reply or our own mail is stored but gets no greeting")
    func attachmentsAndAutoReplies() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let templateID = try await org.template("hello", "Thank you for writing, we answer within a day.")
            let inbox = try await MailInbox.create(org, greetingTemplateID: templateID)

            let pdf = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let sender = MailInbox.uniqueAddress("docs")
            let boundary = "b-\(UUID().uuidString)"
            let withFile = """
                From: <\(sender)>\r
                To: \(MailInbox.address)\r
                Subject: Scan attached\r
                Message-ID: <scan-\(boundary)@example.net>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="\(boundary)"\r
                \r
                --\(boundary)\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Here is the scan.\r
                --\(boundary)\r
                Content-Type: application/pdf; name="=?UTF-8?B?0LTQvtCz0L7QstGW0YAucGRm?="\r
                Content-Disposition: attachment; filename*=UTF-8''%D0%B4%D0%BE%D0%B3%D0%BE%D0%B2%D1%96%D1%80.pdf\r
                Content-Transfer-Encoding: base64\r
                \r
                \(Data(pdf).base64EncodedString(options: .lineLength76Characters))\r
                --\(boundary)--\r

                """
            try await inbox.seed(withFile)
            try await inbox.seed(try MailInbox.fixture("auto-reply.eml"))
            // A copy of our own mail (a forwarding loop) is no request either.
            try await inbox.seed(MailInbox.message(from: MailInbox.address, subject: "Loop", body: "ours", messageID: "loop@example.org"))
            #expect(try await inbox.poll().ingested == 3)

            let list = try await harness.request(.get, "/api/v1/conversations?inbox_id=\(inbox.id)", token: org.adminToken)
            let scan = try #require(list.json["items"]?.array.first { $0["subject"]?.string == "Scan attached" }?["id"]?.int)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(scan)/messages", token: org.adminToken)
            let file = try #require(messages.json["items"]?[0]?["attachments"]?[0])
            #expect(file["name"]?.string == "договір.pdf")
            #expect(file["content_type"]?.string == "application/pdf")
            let download = try await harness.request(.get, "/api/v1/attachments/\(file["id"]?.int ?? 0)", token: org.adminToken)
            #expect(Array(download.body.readableBytesView) == pdf)

            // The greeting goes to the person, never to the auto-reply: no mail loops.
            let scheduler = harness.assembly.automationScheduler()
            #expect(try await scheduler.tick() == 1)
            #expect(
                try await harness.count(
                    "SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'out' AND c.subject <> 'Scan attached'"
                ) == 0
            )
        }
    }

    @Test("a message over the size limit is skipped with its reason while the next one is ingested")
    func oversizedMessage() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org, extra: #", "max_message_bytes": 1048576"#)
            let line = String(repeating: "x", count: 76) + "\r\n"
            let huge = MailInbox.message(
                from: "big@example.net", subject: "Huge", body: String(repeating: line, count: 20 * 1024 * 1024 / 78),
                messageID: "huge@example.net"
            )
            try await inbox.seed(huge)
            try await inbox.seed(MailInbox.message(from: "small@example.net", subject: "Small", body: "Fine", messageID: "small@example.net"))

            let report = try await inbox.poll()
            #expect(report.refused == 1 && report.ingested == 1)
            let refused = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)/refused_mail", token: org.adminToken)
            let reason = try #require(refused.json["items"]?[0]?["reason"]?.string)
            #expect(reason.contains("max_message_bytes"))
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE subject = 'Small'") == 1)
            #expect(try await inbox.poll().refused == 0, "a refused message is not tried again")
        }
    }

    @Test("bad credentials and an unreachable server show as the inbox's error, then clear when fixed")
    func errorsShowInHealth() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org)
            try await inbox.seed(MailInbox.message(from: "a@example.net", subject: "Hi", body: "Hello", messageID: "h@example.net"))
            let wrong = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"imap_password": "wrong"}}}"#
            )
            #expect(wrong.status == .ok)
            let refused = try await inbox.poll()
            #expect(refused.failure?.contains("refused the login") == true, "\(refused)")
            var shown = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
            #expect(shown.json["health"]?["status"]?.string == "error")
            #expect(shown.json["health"]?["last_error"]?.string?.contains("refused the login") == true)
            #expect(shown.text.contains("wrong") == false, "the password is never shown")

            let closed = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"imap_password": "\#(inbox.mail.password)", "imap_port": 1}}}"#
            )
            #expect(closed.status == .ok)
            let unreachable = try await inbox.poll()
            #expect(unreachable.failure?.contains("Cannot reach") == true)

            _ = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"imap_port": \#(inbox.mail.imapPort)}}}"#
            )
            #expect(try await inbox.poll().ingested == 1)
            shown = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
            #expect(shown.json["health"]?["status"]?.string == "ok")
        }
    }

    @Test("email settings are checked when saved, naming the key")
    func settingsValidation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let reply = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"""
                    {"name": "Mail", "channel": {"kind": "email", "config": {
                      "imap_host": "imap.example.org", "imap_tls": "none", "imap_password": "p",
                      "poll_interval_seconds": "soon", "from_address": "not an address"}}}
                    """#
            )
            #expect(reply.status == .unprocessableContent)
            let fields = Set((reply.json["errors"]?.array ?? []).compactMap { $0["field"]?.string })
            #expect(fields.isSuperset(of: ["channel.config.imap_tls", "channel.config.poll_interval_seconds", "channel.config.from_address"]))
            #expect(try await harness.count("SELECT count(*)::int FROM inboxes") == 0)

            let missing = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Mail", "channel": {"kind": "email", "config": {"from_address": "help@example.org"}}}"#
            )
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("channel.config.imap_host"))
        }
    }

    @Test("one process polls a mailbox at a time, and the running service takes in the mail of every inbox")
    func lockAndService() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let first = try await MailInbox.create(org, extra: #", "poll_interval_seconds": 1"#)
            let second = try await MailInbox.create(org, extra: #", "poll_interval_seconds": 1"#)
            for index in 1...3 {
                try await first.seed(MailInbox.message(from: "a@example.net", subject: "A\(index)", body: "a", messageID: "a\(index)@example.net"))
            }
            for index in 1...2 {
                try await second.seed(MailInbox.message(from: "b@example.net", subject: "B\(index)", body: "b", messageID: "b\(index)@example.net"))
            }
            let poller = harness.assembly.mailboxPollers()[0]
            let inbox = try #require(try await harness.store.inbox(id: first.id, accountID: org.id))
            // Another process holds the mailbox: this one leaves it alone.
            let whileHeld = try await harness.store.withMailboxLock(inboxID: first.id) { await poller.poll(inbox) }
            #expect(whileHeld == .some(nil))
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)

            let service = Task { try await poller.run() }
            defer { service.cancel() }
            var stored = 0
            var checkpoints = 0
            for _ in 0..<100 where stored < 5 || checkpoints < 2 {
                try await Task.sleep(for: .milliseconds(100))
                stored = try await harness.count("SELECT count(*)::int FROM messages")
                checkpoints = try await harness.count("SELECT count(*)::int FROM mailbox_checkpoints WHERE last_uid > 0")
            }
            #expect(stored == 5)
            #expect(checkpoints == 2)

            // A deleted inbox's logged-in IMAP connection is let go at the service's next round.
            let mailbox = try #require(poller.connector as? EmailMailbox)
            #expect(await mailbox.clients.inboxIDs == [first.id, second.id])
            let deleted = try await harness.request(.delete, "/api/v1/inboxes/\(second.id)", token: org.adminToken)
            #expect(deleted.status == .noContent)
            var kept = await mailbox.clients.inboxIDs
            for _ in 0..<50 where kept.contains(second.id) {
                try await Task.sleep(for: .milliseconds(100))
                kept = await mailbox.clients.inboxIDs
            }
            #expect(kept == [first.id])
        }
    }

    @Test("mail is stored side by side only when no message depends on another of the same chunk")
    func independentGroups() {
        func mail(_ id: String, from sender: String, answering: [String] = []) -> (uid: UInt32, mail: FetchedMail) {
            let event = InboundEvent(
                externalID: id, sender: InboundSender(externalID: sender), content: "x", rawPayload: "",
                threading: MailThreading(references: answering, subjectKey: "")
            )
            return (UInt32(id.dropFirst())!, .mail(event))
        }
        let chunk = [
            mail("m1", from: "anna"), mail("m2", from: "boris"), mail("m3", from: "anna"),
            mail("m4", from: "clara", answering: ["m2"]), mail("m5", from: "dmytro"), (6, .refused(reason: "too big")),
        ]
        let groups = IndependentMail.groups(chunk).map { $0.map(\.uid) }
        #expect(groups == [[1, 3], [2, 4], [5], [6]])
    }

    @Test("implicit TLS verifies the server's certificate: refused without its CA, read with ca_file")
    func certificateVerification() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await MailInbox.create(org)
            try await inbox.seed(MailInbox.message(from: "tls@example.net", subject: "TLS", body: "Hello", messageID: "tls@example.net"))
            let untrusted = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"imap_tls": "implicit", "imap_port": \#(inbox.mail.imapsPort)}}}"#
            )
            #expect(untrusted.status == .ok)
            let refused = try await inbox.poll()
            #expect(refused.failure?.contains("Secure connection") == true, "\(refused)")
            #expect(refused.ingested == 0)

            let missingFile = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"ca_file": "/nonexistent/ca.pem"}}}"#
            )
            #expect(missingFile.status == .unprocessableContent)
            #expect(missingFile.text.contains("channel.config.ca_file"))

            let trusted = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"channel": {"config": {"ca_file": "\#(inbox.mail.caFile)"}}}"#
            )
            #expect(trusted.status == .ok)
            #expect(try await inbox.poll().ingested == 1)
        }
    }
}
