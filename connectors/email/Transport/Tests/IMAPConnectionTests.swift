import EmailTransport
import MailTestSupport
import NIOPosix
import Testing

/// TLS, logins and unreachable servers: what an inbox's health message is made of.
@Suite("IMAP connections")
struct IMAPConnectionTests {
    @Test("implicit TLS works when the server's CA file is given")
    func implicitTLSWithCAFile() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("imaps")
        let seeded = try Fixtures.message("order-question.eml")
        try await environment.seed(seeded, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox, server: environment.imapServer(security: .implicit))

        #expect(try await client.status().messages == 1)
        #expect(try await client.retrieve(uid: 1, maxBytes: 1_000_000) == .message(Fixtures.returnPath + seeded))
    }

    @Test("STARTTLS works when the server's CA file is given")
    func startTLSWithCAFile() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("starttls")
        try await environment.seed(Fixtures.generated(size: 400, tag: "tls"), into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox, server: environment.imapServer(security: .starttls))

        #expect(try await client.uids(from: 1) == [1])
    }

    @Test(
        "without the CA file the self-signed certificate is refused with a TLS error",
        arguments: [
            MailServer.Security.implicit, .starttls,
        ])
    func untrustedCertificate(security: MailServer.Security) async throws {
        let environment = try MailTestEnvironment.current()
        let client = try environment.imapClient(
            mailbox: "INBOX", server: environment.imapServer(security: security, caFile: .some(nil))
        )
        let error = await #expect(throws: MailError.self) { try await client.status() }
        guard case .tls(let text)? = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(!text.isEmpty)
        #expect(error?.isRetryable == false)
    }

    @Test("a wrong password is an authentication error that never shows the password")
    func wrongPassword() async throws {
        let environment = try MailTestEnvironment.current()
        let password = "wrong-Pa55word"
        let client = try environment.imapClient(mailbox: "INBOX", server: environment.imapServer(password: password))
        let error = await #expect(throws: MailError.self) { try await client.status() }
        guard case .authentication? = error, let error else {
            Issue.record("expected an authentication error, got \(String(describing: error))")
            return
        }
        #expect(!error.description.contains(password))
        #expect(!String(describing: client.server).contains(password))
        #expect(!String(reflecting: client.server).contains(password))
    }

    @Test("a closed port is a retryable connection error")
    func closedPort() async throws {
        let environment = try MailTestEnvironment.current()
        let port = try await LocalPorts.closed()
        let server = try MailServer(
            host: environment.host, port: port, security: .none, username: environment.user,
            password: environment.password
        )
        let client = try IMAPClient(server: server, threadPool: .singleton)
        let error = await #expect(throws: MailError.self) { try await client.status() }
        guard case .connection? = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
        #expect(error?.isRetryable == true)
    }

    @Test("a server that never answers times out as a connection error")
    func silentServerTimesOut() async throws {
        let error = try await LocalPorts.withSilentServer { port in
            let server = try MailServer(
                host: "127.0.0.1", port: port, security: .none, username: "agent", password: "secret",
                timeout: .seconds(1)
            )
            let client = try IMAPClient(server: server, threadPool: .singleton)
            return await #expect(throws: MailError.self) { try await client.status() }
        }
        guard case .connection? = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
    }

    @Test("cancelling the task aborts a blocked call within a few seconds")
    func cancellation() async throws {
        try await LocalPorts.withSilentServer { port in
            let server = try MailServer(
                host: "127.0.0.1", port: port, security: .none, username: "agent", password: "secret",
                timeout: .seconds(60)
            )
            let client = try IMAPClient(server: server, threadPool: .singleton)
            let clock = ContinuousClock()
            let started = clock.now
            let task = Task { try await client.status() }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let result = await task.result
            #expect(clock.now - started < .seconds(5))
            #expect(throws: MailError.connection("the operation was cancelled")) { try result.get() }
        }
    }
}
