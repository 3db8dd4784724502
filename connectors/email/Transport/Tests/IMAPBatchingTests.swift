import MailTestSupport
import Testing

@testable import EmailTransport

/// Large mailboxes are read in windows (a SEARCH answer must fit one line libcurl keeps whole);
/// the windows must add up to exactly what one command would answer.
@Suite("IMAP batching")
struct IMAPBatchingTests {
    @Test("UIDs and summaries read in small windows match the whole mailbox")
    func smallWindows() async throws {
        let environment = try MailTestEnvironment.current()
        let mailbox = MailTestEnvironment.uniqueMailbox("windows")
        var sizes: [UInt32: Int] = [:]
        for uid in UInt32(1)...7 {
            let message = Fixtures.generated(size: 300 + Int(uid) * 11, tag: "w\(uid)")
            sizes[uid] = Fixtures.returnPath.count + message.count
            try await environment.seed(message, into: mailbox)
        }
        var client = try environment.imapClient(mailbox: mailbox)
        client.searchWindow = 2
        client.fetchBatch = 3

        #expect(try await client.uids(from: 1) == Array(1...7))
        #expect(try await client.uids(from: 4) == Array(4...7))
        #expect(try await client.uids(from: 7) == [7])
        #expect(try await client.uids(from: 8) == [])
        #expect(try await client.sizes(uids: Array(1...9)) == sizes)
    }
}
