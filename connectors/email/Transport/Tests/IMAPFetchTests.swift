import EmailTransport
import MailTestSupport
import Testing

/// Downloading messages: byte for byte, never too large, and invisible to people reading the
/// same mailbox in a mail client.
@Suite("IMAP fetch")
struct IMAPFetchTests {
    @Test("a retrieved message is the delivered one byte for byte and stays unread")
    func retrieveKeepsUnread() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("fetch")
        let seeded = try Fixtures.message("order-question.eml")
        try await environment.seed(seeded, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        let retrieved = try await client.retrieve(uid: 1, maxBytes: 1_000_000)
        #expect(retrieved == .message(Fixtures.returnPath + seeded))
        #expect(try await client.flags(uid: 1).contains("\\Seen") == false)
    }

    @Test("a message read in a mail client stays read after retrieval")
    func retrieveKeepsRead() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("read")
        let seeded = try Fixtures.message("order-question.eml")
        try await environment.seed(seeded, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        // A plain fetch is what reading looks like to the server: it sets \Seen.
        #expect(try await client.fetch(uid: 1) == Fixtures.returnPath + seeded)
        #expect(try await client.flags(uid: 1).contains("\\Seen"))

        #expect(try await client.retrieve(uid: 1, maxBytes: 1_000_000) == .message(Fixtures.returnPath + seeded))
        #expect(try await client.flags(uid: 1).contains("\\Seen"))
    }

    @Test("restoreSeen clears the flag a fetch set on an unread message and leaves a read one alone")
    func restoreSeen() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("restore")
        try await environment.seed(Fixtures.generated(size: 400, tag: "one"), into: mailbox)
        try await environment.seed(Fixtures.generated(size: 400, tag: "two"), into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        _ = try await client.fetch(uid: 1)
        _ = try await client.fetch(uid: 2)
        try await client.restoreSeen(uid: 1, wasSeen: false)
        try await client.restoreSeen(uid: 2, wasSeen: true)

        #expect(try await client.flags(uid: 1).contains("\\Seen") == false)
        #expect(try await client.flags(uid: 2).contains("\\Seen"))
    }

    @Test("a message delivered while the session stays open is retrieved on it")
    func retrieveNewArrival() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("late")
        let first = Fixtures.generated(size: 400, tag: "first")
        let late = Fixtures.generated(size: 400, tag: "late")
        try await environment.seed(first, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)
        #expect(try await client.retrieve(uid: 1, maxBytes: 10_000) == .message(Fixtures.returnPath + first))

        try await environment.seed(late, into: mailbox)
        #expect(try await client.retrieve(uid: 2, maxBytes: 10_000) == .message(Fixtures.returnPath + late))
    }

    @Test("a message over the limit is reported with its size, not downloaded, and stays unread")
    func sizeGuard() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("huge")
        let huge = Fixtures.generated(size: 300_000, tag: "huge")
        let next = Fixtures.generated(size: 2_000, tag: "next")
        try await environment.seed(huge, into: mailbox)
        try await environment.seed(next, into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        #expect(
            try await client.retrieve(uid: 1, maxBytes: 100_000)
                == .tooLarge(size: Fixtures.returnPath.count + huge.count))
        #expect(try await client.flags(uid: 1).contains("\\Seen") == false)
        #expect(try await client.retrieve(uid: 2, maxBytes: 100_000) == .message(Fixtures.returnPath + next))
    }

    @Test("a UID that does not exist is missing for retrieve and an error for fetch")
    func missingMessage() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("gone")
        try await environment.seed(Fixtures.generated(size: 400, tag: "only"), into: mailbox)
        let client = try environment.imapClient(mailbox: mailbox)

        #expect(try await client.retrieve(uid: 7, maxBytes: 1_000_000) == .missing)
        let error = await #expect(throws: MailError.self) { try await client.fetch(uid: 7) }
        #expect(error.map { if case .protocolError = $0 { true } else { false } } == true)
    }

    @Test("thirty messages in a row come back byte for byte, unread, and the client reconnects after closing")
    func manyMessages() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("many")
        var seeded: [[UInt8]] = []
        for index in 1...30 {
            let message = Fixtures.generated(size: 1_000 + index * 37, tag: "m\(index)")
            seeded.append(message)
            try await environment.seed(message, into: mailbox)
        }
        let client = try environment.imapClient(mailbox: mailbox)

        let uids = try await client.uids(from: 1)
        #expect(uids == Array(1...30))
        for uid in uids {
            let retrieved = try await client.retrieve(uid: uid, maxBytes: 1_000_000)
            #expect(retrieved == .message(Fixtures.returnPath + seeded[Int(uid) - 1]))
        }
        #expect(try await client.summaries(uids: uids).values.filter(\.isSeen).isEmpty)

        await client.closeIdleConnections()
        #expect(try await client.status().messages == 30)
    }

    @Test("a batch comes back byte for byte; flags stay as they were; too large and missing ones are named")
    func batchRetrieve() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("batch")
        var seeded: [[UInt8]] = []
        for index in 1...6 {
            let message = Fixtures.generated(size: index == 4 ? 50_000 : 1_000 + index * 11, tag: "b\(index)")
            seeded.append(message)
            try await environment.seed(message, into: mailbox)
        }
        let client = try environment.imapClient(mailbox: mailbox)
        _ = try await client.fetch(uid: 2)  // read in a mail client before

        let batch = try await client.retrieve(uids: [1, 2, 3, 4, 5, 6, 99], maxBytes: 20_000)
        for uid in [1, 2, 3, 5, 6] as [UInt32] {
            #expect(batch[uid] == .message(Fixtures.returnPath + seeded[Int(uid) - 1]))
        }
        guard case .tooLarge(let size) = batch[4] else {
            Issue.record("message 4 should be too large: \(String(describing: batch[4]))")
            return
        }
        #expect(size > 20_000)
        #expect(batch[99] == .missing)
        let flags = try await client.summaries(uids: [1, 2, 3, 4, 5, 6])
        #expect(flags.filter { $0.value.isSeen }.keys.sorted() == [2])
    }
}
