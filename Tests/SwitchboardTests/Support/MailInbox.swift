import EmailTransport
import Foundation
import HTTPTypes
import MailTestSupport
import SwitchboardStore
import SwitchboardCore

@testable import switchboard

/// An email inbox on the real test mail servers (dovecot and the SMTP sink), each test on a mailbox
/// of its own, with helpers to write mail into it and poll it as the serve process does.
struct MailInbox: Sendable {
    let org: TestAccount
    let id: Int64
    let mailbox: String
    let mail: MailTestEnvironment
    static let address = "help@example.org"

    /// Creates the inbox through the API; `config` adds or overrides keys of the working settings.
    static func create(
        _ org: TestAccount, extra: String = "", greetingTemplateID: Int64? = nil
    ) async throws -> MailInbox {
        let mail = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("inbox")
        let greeting = greetingTemplateID.map { #", "greeting_template_id": \#($0)"# } ?? ""
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"""
                {"name": "Help mail", "channel": {"kind": "email", "config": {
                  "imap_host": "\#(mail.host)", "imap_port": \#(mail.imapPort), "imap_tls": "none",
                  "imap_username": "\#(mail.user)", "imap_password": "\#(mail.password)", "imap_mailbox": "\#(mailbox)",
                  "smtp_host": "\#(mail.host)", "smtp_port": \#(mail.smtpPort), "smtp_tls": "none",
                  "smtp_username": "\#(mail.user)", "smtp_password": "\#(mail.password)",
                  "from_address": "\#(address)", "from_name": "Help line"\#(extra)}}\#(greeting)}
                """#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else {
            throw TestSetupError("email inbox: \(reply.status) \(reply.text)")
        }
        return MailInbox(org: org, id: id, mailbox: mailbox, mail: mail)
    }

    /// Delivers a message unread into this inbox's mailbox, as a mail server would.
    func seed(_ message: [UInt8]) async throws {
        try await mail.seed(message, into: mailbox)
    }

    func seed(_ message: String) async throws {
        try await seed(Array(message.utf8))
    }

    /// One poll, as the serve process's poller runs it.
    @discardableResult
    func poll(_ poller: MailboxPoller? = nil) async throws -> MailboxPollReport {
        let harness = org.harness
        guard let inbox = try await harness.store.inbox(id: id, accountID: org.id) else { throw TestSetupError("no inbox \(id)") }
        let poller = poller ?? harness.assembly.mailboxPollers()[0]
        guard let report = await poller.poll(inbox) else { throw TestSetupError("the mailbox was locked") }
        return report
    }

    /// A plain-text message as mail clients send it.
    static func message(
        from: String, name: String? = nil, subject: String, body: String, messageID: String,
        inReplyTo: String? = nil, references: [String] = [], headers: [String] = []
    ) -> String {
        var lines = [
            "From: \(name.map { "\"\($0)\" " } ?? "")<\(from)>", "To: \(address)", "Subject: \(subject)",
            "Message-ID: <\(messageID)>", "Date: Mon, 23 Nov 2026 10:00:00 +0200", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
        lines += headers
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// A fixture of the email connector (connectors/email/fixtures).
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("connectors/email/fixtures/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    /// A unique address, so messages of different tests never meet in the SMTP sink.
    static func uniqueAddress(_ who: String) -> String {
        "\(who)-\(MailTestEnvironment.uniqueToken())@example.net"
    }
}
