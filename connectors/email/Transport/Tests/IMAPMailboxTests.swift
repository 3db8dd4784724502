import EmailTransport
import MailTestSupport
import Testing

/// Reading a mailbox on the real dovecot: what the poller relies on to find new mail.
@Suite("IMAP mailbox state")
struct IMAPMailboxTests {
    @Test("status reports UIDVALIDITY, UIDNEXT and the message count, and follows new mail")
    func statusFollowsNewMail() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("status")
        try await environment.seed(Fixtures.generated(size: 300, tag: "first"), into: mailbox)
        try await environment.seed(Fixtures.generated(size: 300, tag: "second"), into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        let before = try await client.status()
        #expect(before.messages == 2)
        #expect(before.uidNext == 3)
        #expect(before.uidValidity > 0)
        #expect(try await client.uids(from: 3) == [])

        // The next poll runs on the same logged-in session, mailbox still selected: it must see new mail.
        try await environment.seed(Fixtures.generated(size: 300, tag: "third"), into: mailbox)
        let after = try await client.status()
        #expect(after.messages == 3)
        #expect(after.uidNext == 4)
        #expect(after.uidValidity == before.uidValidity)
        #expect(try await client.uids(from: 3) == [3])
    }

    @Test("uids(from:) lists only UIDs at or above the checkpoint, and nothing past the newest")
    func uidsFromCheckpoint() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("uids")
        for tag in ["a", "b", "c"] {
            try await environment.seed(Fixtures.generated(size: 300, tag: tag), into: mailbox)
        }
        let client = try environment.imapClient(mailbox: mailbox)

        #expect(try await client.uids(from: 0) == [1, 2, 3])
        #expect(try await client.uids(from: 2) == [2, 3])
        #expect(try await client.uids(from: 3) == [3])
        // `UID SEARCH UID 4:*` answers 3 (the newest message): a poller must see nothing new.
        #expect(try await client.uids(from: 4) == [])
        #expect(try await client.uids(from: 1_000_000) == [])
    }

    @Test("a mailbox changed in bulk by someone else does not break the kept session")
    func bulkChangesElsewhere() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("bulk")
        for index in 1...150 {
            try await environment.seed(Fixtures.generated(size: 200, tag: "b\(index)"), into: mailbox)
        }
        let poller = try environment.imapClient(mailbox: mailbox)
        #expect(try await poller.uids(from: 1).count == 150)

        // A person reads everything in a mail client: the poller's session is told about 150 changes at once.
        let person = try environment.imapClient(mailbox: mailbox)
        for uid in UInt32(1)...150 { _ = try await person.fetch(uid: uid) }

        #expect(try await poller.uids(from: 1).count == 150)
        let summaries = try await poller.summaries(uids: Array(1...150))
        #expect(summaries.count == 150)
        #expect(summaries.values.allSatisfy { $0.isSeen })
    }

    @Test("sizes and flags of the messages asked for that exist")
    func sizesAndFlags() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("sizes")
        let small = Fixtures.generated(size: 500, tag: "small")
        let large = Fixtures.generated(size: 50_000, tag: "large")
        try await environment.seed(small, into: mailbox)
        try await environment.seed(large, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        let sizes = try await client.sizes(uids: [1, 2, 99])
        #expect(sizes == [1: Fixtures.returnPath.count + small.count, 2: Fixtures.returnPath.count + large.count])
        #expect(try await client.flags(uid: 1).contains("\\Seen") == false)
        await #expect(throws: MailError.self) { try await client.flags(uid: 99) }
    }

    @Test("a mailbox that does not exist is a protocol error naming the server's reason")
    func missingMailbox() async throws {
        let environment = try MailTestEnvironment.current()
        let client = try environment.imapClient(mailbox: MailTestEnvironment.uniqueMailbox("nowhere"))
        let error = await #expect(throws: MailError.self) { try await client.status() }
        guard case .protocolError(let text)? = error else {
            Issue.record("expected a protocol error, got \(String(describing: error))")
            return
        }
        #expect(text.lowercased().contains("exist"))
    }
}
