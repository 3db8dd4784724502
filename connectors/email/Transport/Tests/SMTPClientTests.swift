import EmailTransport
import MailTestSupport
import NIOPosix
import Testing

/// Sending replies through the real SMTP sink: what the customer's mail server would receive.
@Suite("SMTP send")
struct SMTPClientTests {
    @Test(
        "a sent message arrives byte for byte with its envelope and EHLO name",
        arguments: [
            MailServer.Security.none, .starttls, .implicit,
        ])
    func sendArrives(security: MailServer.Security) async throws {
        let environment = try MailTestEnvironment.current()
        let client = SMTPClient(server: try environment.smtpServer(security: security), threadPool: .singleton)
        let recipient = "customer+\(MailTestEnvironment.uniqueToken())@example.net"
        let message = try Fixtures.message("reply.eml")

        try await client.send(
            from: "agent@example.org", recipients: [recipient], message: message, heloDomain: "example.org"
        )

        let delivery = try await SinkDelivery.find(recipient: recipient, in: environment.smtpMaildir)
        #expect(delivery.message == message)
        #expect(delivery.mail_from == "agent@example.org")
        #expect(delivery.rcpt_tos == [recipient])
        #expect(delivery.helo == "example.org")
        #expect(delivery.auth_user == environment.user)
        #expect(delivery.tls == (security != .none))
    }

    @Test("bare line feeds go out as CRLF")
    func lineEndings() async throws {
        let environment = try MailTestEnvironment.current()
        let client = SMTPClient(server: try environment.smtpServer(), threadPool: .singleton)
        let recipient = "lf+\(MailTestEnvironment.uniqueToken())@example.net"
        let message = Array("From: agent@example.org\nTo: \(recipient)\nSubject: LF\n\nline one\nline two\n".utf8)

        try await client.send(
            from: "agent@example.org", recipients: [recipient], message: message, heloDomain: "example.org")

        let delivery = try await SinkDelivery.find(recipient: recipient, in: environment.smtpMaildir)
        let expected = "From: agent@example.org\r\nTo: \(recipient)\r\nSubject: LF\r\n\r\nline one\r\nline two\r\n"
        #expect(delivery.message == Array(expected.utf8))
    }

    @Test("a 550 for the recipient is a permanent rejection with the server's own text")
    func permanentRejection() async throws {
        let environment = try MailTestEnvironment.current()
        let client = SMTPClient(server: try environment.smtpServer(), threadPool: .singleton)
        let error = await #expect(throws: MailError.self) {
            try await client.send(
                from: "agent@example.org", recipients: ["reject@example.org"],
                message: try Fixtures.message("reply.eml"),
                heloDomain: "example.org"
            )
        }
        #expect(error == .rejected(code: 550, text: "5.1.1 mailbox unavailable"))
        #expect(error?.isRetryable == false)
    }

    @Test("a 451 for the recipient is a temporary failure worth a retry")
    func temporaryFailure() async throws {
        let environment = try MailTestEnvironment.current()
        let client = SMTPClient(server: try environment.smtpServer(), threadPool: .singleton)
        let error = await #expect(throws: MailError.self) {
            try await client.send(
                from: "agent@example.org", recipients: ["busy@example.org"], message: try Fixtures.message("reply.eml"),
                heloDomain: "example.org"
            )
        }
        #expect(error == .temporary(code: 451, text: "4.3.0 mailbox busy, try later"))
        #expect(error?.isRetryable == true)
    }

    @Test("a wrong password is an authentication error that never shows the password")
    func wrongPassword() async throws {
        let environment = try MailTestEnvironment.current()
        let password = "smtp-Wr0ng-secret"
        let client = SMTPClient(server: try environment.smtpServer(password: password), threadPool: .singleton)
        let error = await #expect(throws: MailError.self) {
            try await client.send(
                from: "agent@example.org", recipients: ["someone@example.net"],
                message: try Fixtures.message("reply.eml"),
                heloDomain: "example.org"
            )
        }
        guard case .authentication? = error, let error else {
            Issue.record("expected an authentication error, got \(String(describing: error))")
            return
        }
        #expect(!error.description.contains(password))
    }

    @Test("a closed port is a retryable connection error")
    func closedPort() async throws {
        let port = try await LocalPorts.closed()
        let server = try MailServer(host: "127.0.0.1", port: port, security: .none, username: "", password: "")
        let client = SMTPClient(server: server, threadPool: .singleton)
        let error = await #expect(throws: MailError.self) {
            try await client.send(
                from: "agent@example.org", recipients: ["someone@example.net"],
                message: Array("Subject: x\r\n\r\nx\r\n".utf8),
                heloDomain: "example.org"
            )
        }
        guard case .connection? = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
    }

    @Test("addresses that could smuggle SMTP commands are refused before connecting")
    func addressInjection() async throws {
        let server = try MailServer(host: "127.0.0.1", port: 1, security: .none, username: "", password: "")
        let client = SMTPClient(server: server, threadPool: .singleton)
        for (from, to) in [
            ("agent@example.org", "victim@example.net>\r\nRCPT TO:<other@example.net"),
            ("agent@example.org\r\nRSET", "someone@example.net"),
        ] {
            let error = await #expect(throws: MailError.self) {
                try await client.send(
                    from: from, recipients: [to], message: Array("x\r\n".utf8), heloDomain: "example.org")
            }
            #expect(error.map { if case .protocolError = $0 { true } else { false } } == true)
        }
    }
}
