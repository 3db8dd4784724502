import Foundation

/// Why a mailbox could not be read: shown as the inbox's health message, so it names the cause in an
/// administrator's words (a refused login, an unreachable server) and never carries a password.
public struct MailboxFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// One message taken from a mailbox.
public enum FetchedMail: Sendable, Equatable {
    /// Read and understood: ingest it.
    case mail(InboundEvent)
    /// Not taken in (over the size limit, unreadable); recorded with the reason and skipped, so one
    /// bad message never holds up the rest. `payload` is the message as text when it was downloaded.
    case refused(reason: String, payload: String? = nil)
    /// Gone from the mailbox meanwhile.
    case missing
}

/// A logged-in view of one mailbox, for the duration of one poll.
public protocol MailboxSession: Sendable {
    /// The mailbox's UIDVALIDITY: when it changes, earlier UIDs mean nothing any more.
    func uidValidity() async throws(MailboxFailure) -> UInt32
    /// UIDs above `after`, ascending.
    func uids(after: UInt32) async throws(MailboxFailure) -> [UInt32]
    /// Some messages, in the order asked, with their flags left as they were (people may read the
    /// mailbox in a mail client too). The poller asks a few at a time: one round trip serves many.
    func fetch(uids: [UInt32]) async throws(MailboxFailure) -> [(uid: UInt32, mail: FetchedMail)]
}

/// A channel whose messages are fetched by polling a mailbox rather than pushed to us (email over IMAP).
/// The connector reads mail and knows nothing of the database; `MailboxPoller` keeps the checkpoints.
public protocol MailboxConnector: Sendable {
    var kind: ChannelKind { get }
    /// What is wrong with an inbox's `channel.config`, each error naming its key (`channel.config.imap_host`).
    func configErrors(_ config: [String: JSONValue]) -> [FieldError]
    /// Seconds between polls of this inbox.
    func pollInterval(_ inbox: Inbox) -> Duration
    /// - Throws: `MailboxFailure` when the inbox's settings cannot be used.
    func session(for inbox: Inbox) async throws(MailboxFailure) -> any MailboxSession
    /// Lets go of what the connector keeps for inboxes no longer polled (deleted, disabled): their
    /// logged-in connections would otherwise stay open for the life of the process.
    func release(keeping inboxIDs: Set<Int64>) async
}

extension MailboxConnector {
    public func release(keeping inboxIDs: Set<Int64>) async {}
}

/// Where a mailbox's poller stands.
public struct MailboxCheckpoint: Sendable, Equatable {
    public var uidValidity: UInt32
    /// The highest UID whose message is committed (or recorded as refused).
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

/// The poller's state in PostgreSQL, so several processes share the work and a restart resumes it.
public protocol MailboxStore: Sendable {
    /// Inboxes of `kind` that are not deleted, across accounts.
    func mailboxInboxes(kind: ChannelKind) async throws -> [Inbox]
    /// Runs `body` while this process holds the mailbox's cluster-wide lock; nil, without running it,
    /// when another process holds it.
    func withMailboxLock<T: Sendable>(
        inboxID: Int64, _ body: @Sendable () async throws -> T
    ) async throws -> T?
    func mailboxCheckpoint(inboxID: Int64) async throws -> MailboxCheckpoint?
    func saveMailboxCheckpoint(inboxID: Int64, accountID: Int64, _ checkpoint: MailboxCheckpoint) async throws
    /// Records a message that was skipped and why; recording the same UID twice keeps the first.
    func recordRefusedMail(inbox: Inbox, uidValidity: UInt32, uid: UInt32, reason: String) async throws
}

/// A message the poller skipped, for the administrator: which one and why.
public struct RefusedMail: Sendable, Equatable {
    public var uid: Int64
    public var reason: String
    public var at: Date

    public init(uid: Int64, reason: String, at: Date) {
        self.uid = uid
        self.reason = reason
        self.at = at
    }
}
