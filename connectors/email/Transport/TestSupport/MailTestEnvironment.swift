import EmailTransport
import Foundation
import NIOPosix

/// The real mail servers the tests talk to, as `start_mail_servers` in scripts/mail-servers.sh
/// describes them in the environment.
public struct MailTestEnvironment: Sendable {
    public let host: String
    public let imapPort: Int
    public let imapsPort: Int
    public let lmtpPort: Int
    public let smtpPort: Int
    public let smtpsPort: Int
    public let user: String
    public let password: String
    public let caFile: String
    public let smtpMaildir: URL

    public struct Missing: Error, CustomStringConvertible {
        public let names: [String]
        public var description: String {
            "these tests need real mail servers; missing \(names.joined(separator: ", ")). Run them through "
                + "the scripts: `source scripts/mail-servers.sh && start_mail_servers .data/mail-dev`, then "
                + "`swift test` in the same shell."
        }
    }

    /// The servers from the environment; throws (failing the test) when they were not started.
    public static func current() throws -> MailTestEnvironment {
        let environment = ProcessInfo.processInfo.environment
        let names = [
            "IMAP_TEST_HOST", "IMAP_TEST_PORT", "IMAPS_TEST_PORT", "IMAP_TEST_USER", "IMAP_TEST_PASSWORD",
            "IMAP_TEST_CA_FILE", "LMTP_TEST_PORT", "SMTP_TEST_PORT", "SMTPS_TEST_PORT", "SMTP_TEST_MAILDIR",
        ]
        let missing = names.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw Missing(names: missing) }
        func value(_ name: String) -> String { environment[name] ?? "" }
        func port(_ name: String) throws -> Int {
            guard let port = Int(value(name)) else { throw Missing(names: [name]) }
            return port
        }
        return MailTestEnvironment(
            host: value("IMAP_TEST_HOST"), imapPort: try port("IMAP_TEST_PORT"), imapsPort: try port("IMAPS_TEST_PORT"),
            lmtpPort: try port("LMTP_TEST_PORT"), smtpPort: try port("SMTP_TEST_PORT"),
            smtpsPort: try port("SMTPS_TEST_PORT"), user: value("IMAP_TEST_USER"),
            password: value("IMAP_TEST_PASSWORD"), caFile: value("IMAP_TEST_CA_FILE"),
            smtpMaildir: URL(fileURLWithPath: value("SMTP_TEST_MAILDIR"))
        )
    }

    public func imapServer(
        security: MailServer.Security = .none, password: String? = nil, caFile: String?? = nil,
        timeout: Duration = .seconds(10)
    ) throws -> MailServer {
        try MailServer(
            host: host, port: security == .implicit ? imapsPort : imapPort, security: security, username: user,
            password: password ?? self.password, caFile: caFile ?? self.caFile, timeout: timeout
        )
    }

    public func smtpServer(security: MailServer.Security = .none, password: String? = nil) throws -> MailServer {
        try MailServer(
            host: host, port: security == .implicit ? smtpsPort : smtpPort, security: security, username: user,
            password: password ?? self.password, caFile: caFile, timeout: .seconds(10)
        )
    }

    /// A client on a mailbox of its own, created by the first delivery to it.
    public func imapClient(mailbox: String, server: MailServer? = nil) throws -> IMAPClient {
        try IMAPClient(server: server ?? imapServer(), mailbox: mailbox, threadPool: .singleton)
    }

    /// Delivers a message unread into `mailbox` through LMTP (`agent+mailbox@example.org`).
    public func seed(_ message: [UInt8], into mailbox: String) async throws {
        let parts = user.split(separator: "@", maxSplits: 1)
        let recipient = parts.count == 2 ? "\(parts[0])+\(mailbox)@\(parts[1])" : "\(user)+\(mailbox)"
        try await LMTPDelivery.deliver(message, to: recipient, host: host, port: lmtpPort)
    }

    /// A mailbox name no other test, nor an earlier run, uses.
    public static func uniqueMailbox(_ purpose: String) -> String {
        "\(purpose)-\(uniqueToken())"
    }

    /// Random letters and digits, different for every call.
    public static func uniqueToken() -> String {
        String(UInt64.random(in: 1 << 40...UInt64.max), radix: 36)
    }
}
