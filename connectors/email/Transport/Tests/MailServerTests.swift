import EmailTransport
import Testing

/// The connection rules an administrator meets when saving an inbox's settings.
@Suite("Mail server settings")
struct MailServerTests {
    @Test(
        "an unencrypted connection to another host is refused",
        arguments: [
            "imap.example.org", "192.0.2.10", "10.0.0.5", "localhost.example.org", "127.0.0.1.example.org",
        ])
    func unencryptedRemoteRefused(host: String) {
        #expect {
            try MailServer(host: host, port: 143, security: .none, username: "agent", password: "secret")
        } throws: { error in
            guard case .insecure(let text) = error as? MailError else { return false }
            return text.contains(host) && !text.contains("secret")
        }
    }

    @Test(
        "an unencrypted connection stays allowed on this machine",
        arguments: [
            "127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost", "LOCALHOST",
        ])
    func unencryptedLoopbackAllowed(host: String) throws {
        let server = try MailServer(host: host, port: 143, security: .none, username: "agent", password: "secret")
        #expect(server.security == .none)
    }

    @Test("TLS to any host is accepted and keeps an IPv6 address usable")
    func encryptedRemoteAllowed() throws {
        let server = try MailServer(host: "2001:db8::25", port: 993, security: .implicit, username: "a", password: "b")
        #expect(server.description == "a@[2001:db8::25]:993 (implicit TLS)")
    }

    @Test(
        "a host or port that could not be a server's is refused",
        arguments: [
            ("imap.example.org/evil", 993), ("imap.example.org", 0), ("imap.example.org", 70_000), ("", 993),
            ("user@imap.example.org", 993), ("imap.example.org\r\n", 993),
        ])
    func invalidHostOrPort(host: String, port: Int) {
        #expect(throws: MailError.self) {
            try MailServer(host: host, port: port, security: .implicit, username: "agent", password: "secret")
        }
    }

    @Test("the password never shows in descriptions or dumps")
    func passwordHidden() throws {
        let server = try MailServer(
            host: "imap.example.org", port: 993, security: .implicit, username: "agent@example.org",
            password: "s3cr3t-Pa55"
        )
        var dumped = ""
        dump(server, to: &dumped)
        for text in [String(describing: server), String(reflecting: server), "\(server)", dumped] {
            #expect(!text.contains("s3cr3t-Pa55"))
        }
        #expect(String(describing: server) == "agent@example.org@imap.example.org:993 (implicit TLS)")
    }

    @Test("errors read as health messages and say whether a retry may help")
    func errorDescriptions() {
        #expect(
            MailError.rejected(code: 550, text: "5.1.1 mailbox unavailable").description
                == "The mail server rejected the message (550): 5.1.1 mailbox unavailable"
        )
        #expect(MailError.connection("Connection refused").isRetryable)
        #expect(MailError.temporary(code: 451, text: "try later").isRetryable)
        #expect(!MailError.authentication("Authentication failed.").isRetryable)
        #expect(!MailError.tls("certificate").isRetryable)
    }
}
