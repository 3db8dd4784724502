import Logging
import NIOPosix

/// Reads one mailbox over IMAP through libcurl, for the email poller.
///
/// Every call blocks a thread of `threadPool` (never an event loop) and is abortable by cancelling
/// the calling task. Connections are kept between calls (up to two per client, shared by its
/// copies), so a poll's STATUS, SEARCH, FETCH and STORE run on one logged-in session.
///
/// Downloading a message through libcurl marks it `\Seen`; `retrieve(uid:maxBytes:)` puts the flag
/// back as it was, so people reading the same mailbox in a mail client see no change.
public struct IMAPClient: Sendable {
    public let server: MailServer
    public let mailbox: String
    let transport: MailTransport
    let logger: Logger

    /// UIDs asked for in one `UID SEARCH`: its answer is one line, which libcurl keeps whole up to
    /// half its 512 KiB buffer.
    var searchWindow: UInt32 = 20_000
    /// UIDs asked for in one `UID FETCH` of sizes and flags. libcurl counts the lines of one answer
    /// against its 300 KiB header limit, more than once each (about lines² × length / 2): 40 lines
    /// stay far below it.
    var fetchBatch = 40

    /// - Throws: `MailError.protocolError` for a mailbox name with control characters.
    public init(
        server: MailServer, mailbox: String = "INBOX", threadPool: NIOThreadPool,
        logger: Logger = Logger(label: "switchboard.email.imap")
    ) throws(MailError) {
        let mailbox = mailbox.isEmpty ? "INBOX" : mailbox
        guard !mailbox.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .protocolError("the mailbox name contains control characters")
        }
        self.server = server
        self.mailbox = mailbox
        self.transport = MailTransport(server: server, threadPool: threadPool, idleConnections: 2)
        var logger = logger
        logger[metadataKey: "imap.server"] = "\(server.urlHost):\(server.port)"
        logger[metadataKey: "imap.mailbox"] = "\(mailbox)"
        self.logger = logger
    }

    /// UIDVALIDITY, UIDNEXT and the message count, as of now.
    ///
    /// A kept connection has the mailbox selected, and a server shows mail that arrived since only
    /// after a command completes: a `NOOP` first brings the session up to date, so this and the
    /// SEARCH and FETCH calls after it see every message delivered so far.
    public func status() async throws(MailError) -> MailboxStatus {
        try await synchronize()
        let command = "STATUS \(IMAPEncoding.quoted(IMAPEncoding.modifiedUTF7(mailbox))) (MESSAGES UIDNEXT UIDVALIDITY)"
        let response = try await transport.runChecked(request(url: url(selecting: false), command: command))
        guard let status = IMAPResponseParser.status(response.bodyLines) else {
            throw .protocolError("the server did not report the UIDVALIDITY of \(mailbox)")
        }
        logger.debug(
            "imap status", metadata: ["uidvalidity": "\(status.uidValidity)", "messages": "\(status.messages)"]
        )
        return status
    }

    /// The UIDs from `from` on, ascending (`UID SEARCH UID n:*`, in windows for very large
    /// mailboxes). `n:*` always matches the newest message, even when its UID is below `n`: those
    /// are dropped, so an empty answer means nothing new.
    public func uids(from: UInt32) async throws(MailError) -> [UInt32] {
        let from = max(from, 1)
        var low = from
        var found: [UInt32] = []
        if let next = try await status().uidNext, next > from {
            let window = max(searchWindow, 1)
            while next - low > window {
                let high = low + window - 1
                found += try await search("\(low):\(high)")
                low = high + 1
            }
        }
        found += try await search("\(low):*")
        let uids = Set(found.filter { $0 >= from }).sorted()
        logger.debug("imap uids", metadata: ["from": "\(from)", "count": "\(uids.count)"])
        return uids
    }

    /// Size and flags of each message asked for that still exists (`UID FETCH … (RFC822.SIZE FLAGS)`).
    public func summaries(uids: [UInt32]) async throws(MailError) -> [UInt32: MessageSummary] {
        let wanted = Set(uids)
        var result: [UInt32: MessageSummary] = [:]
        let sorted = wanted.sorted()
        let batchSize = max(fetchBatch, 1)
        var start = 0
        while start < sorted.count {
            let batch = sorted[start..<min(start + batchSize, sorted.count)]
            let command = "UID FETCH \(IMAPEncoding.uidSet(batch)) (UID RFC822.SIZE FLAGS)"
            let response = try await transport.runChecked(request(url: url(selecting: true), command: command))
            for (uid, attributes) in IMAPResponseParser.summaries(response.bodyLines) where wanted.contains(uid) {
                guard let size = attributes.size else { continue }
                result[uid] = MessageSummary(uid: uid, size: size, flags: attributes.flags ?? [])
            }
            start += batchSize
        }
        return result
    }

    /// Sizes in bytes of the messages asked for that still exist.
    public func sizes(uids: [UInt32]) async throws(MailError) -> [UInt32: Int] {
        try await summaries(uids: uids).mapValues(\.size)
    }

    /// The flags of one message.
    /// - Throws: `MailError.protocolError` when there is no message with this UID.
    public func flags(uid: UInt32) async throws(MailError) -> Set<String> {
        guard let summary = try await summary(uid: uid) else {
            throw .protocolError("there is no message with UID \(uid) in \(mailbox)")
        }
        return summary.flags
    }

    /// Closes the connections kept for later calls; the client stays usable and reconnects.
    public func closeIdleConnections() async {
        await transport.closeIdleConnections()
    }

    /// Lets the server show the session what changed since its last command (see `status()`).
    func synchronize() async throws(MailError) {
        _ = try await transport.runChecked(request(url: url(selecting: true), command: "NOOP"))
    }

    private func search(_ range: String) async throws(MailError) -> [UInt32] {
        let response = try await transport.runChecked(
            request(url: url(selecting: true), command: "UID SEARCH UID \(range)")
        )
        return IMAPResponseParser.search(response.bodyLines)
    }

    func request(url: String, command: String?) -> CurlRequest {
        CurlRequest(service: .imap, url: url, customRequest: command)
    }

    /// `imap(s)://host:port/` and, when `selecting`, the mailbox, which libcurl SELECTs first
    /// (once per connection).
    func url(selecting: Bool) -> String {
        let scheme = server.security == .implicit ? "imaps" : "imap"
        let path = selecting ? IMAPEncoding.urlPathSegment(IMAPEncoding.modifiedUTF7(mailbox)) : ""
        return "\(scheme)://\(server.urlHost):\(server.port)/\(path)"
    }
}
