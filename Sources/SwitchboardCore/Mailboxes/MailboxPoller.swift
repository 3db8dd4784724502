import Foundation
import Logging
import ServiceLifecycle

/// What one poll of one mailbox did.
public struct MailboxPollReport: Sendable, Equatable {
    public var ingested = 0
    /// Messages already stored (a re-read after a UIDVALIDITY change, a retried poll).
    public var duplicates = 0
    public var refused = 0
    /// Set when the mailbox could not be read; the inbox's health shows it.
    public var failure: String?
    /// More new mail than one poll takes: the next poll continues at once.
    public var hasMore = false

    public init() {}
}

/// Reads every mail inbox's mailbox into conversations, in the serve process's service group.
///
/// Exactly one process polls a mailbox at a time (a cluster-wide lock per mailbox), a checkpoint in
/// PostgreSQL (UIDVALIDITY + last UID) moves forward only after the message is committed, and dedupe
/// by Message-ID makes a re-read harmless: a restart or a UIDVALIDITY change loses and duplicates
/// nothing. Mailboxes are polled side by side up to `maxConcurrentPolls`, and one poll takes at most
/// `maxMessagesPerPoll`, so a full mailbox cannot starve the others; a message that cannot be taken in
/// is recorded and skipped, never retried forever.
public struct MailboxPoller: Service {
    let connector: any MailboxConnector
    let store: any MailboxStore
    let health: any ChannelEventStore
    let ingest: IngestPipeline
    let settings: Settings
    let attempts = FailedAttempts()
    let logger: Logger

    public struct Settings: Sendable {
        public var maxConcurrentPolls = 4
        public var maxMessagesPerPoll = 500
        /// Messages fetched with one request; the next chunk downloads while one is stored.
        public var fetchChunk = 16
        /// Messages of one chunk stored at the same time when they do not depend on each other.
        public var ingestConcurrency = 4
        /// How often the list of mail inboxes is read again (new inboxes, changed settings).
        public var tick: Duration = .seconds(1)
        /// A message whose ingest failed this many times in a row is recorded as refused and skipped.
        public var maxIngestAttempts = 3

        public init() {}
    }

    public init(
        connector: any MailboxConnector, store: any MailboxStore, health: any ChannelEventStore, ingest: IngestPipeline,
        settings: Settings = Settings(), logger: Logger = Logger(label: "switchboard.mailbox")
    ) {
        self.connector = connector
        self.store = store
        self.health = health
        self.ingest = ingest
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        var nextDue: [Int64: ContinuousClock.Instant] = [:]
        var running: Set<Int64> = []
        let tick: Int64 = -1
        await withTaskGroup(of: (Int64, Duration?).self) { group in
            group.addTask { (tick, nil) }
            while let (finished, again) = await group.next() {
                if Task.isCancelled || Task.isShuttingDownGracefully { group.cancelAll(); continue }
                if finished != tick {
                    running.remove(finished)
                    if let again { nextDue[finished] = .now + again }
                    continue
                }
                let listed = try? await store.mailboxInboxes(kind: connector.kind)
                let inboxes = listed ?? []
                if let listed {
                    let live = Set(listed.map(\.id))
                    nextDue = nextDue.filter { live.contains($0.key) }
                    await connector.release(keeping: live.union(running))
                }
                for inbox in inboxes where !running.contains(inbox.id) && running.count < settings.maxConcurrentPolls {
                    guard nextDue[inbox.id].map({ $0 <= .now }) ?? true else { continue }
                    running.insert(inbox.id)
                    group.addTask {
                        let report = await poll(inbox)
                        return (inbox.id, report?.hasMore == true ? .zero : connector.pollInterval(inbox))
                    }
                }
                group.addTask { [tick = settings.tick] in
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                    return (-1, nil)
                }
            }
        }
    }

    /// Polls one mailbox now; nil when another process is polling it or the database failed (logged).
    @discardableResult
    public func poll(_ inbox: Inbox) async -> MailboxPollReport? {
        let report: MailboxPollReport?
        do {
            report = try await store.withMailboxLock(inboxID: inbox.id) { try await drain(inbox) }
        } catch {
            logger.warning("mailbox poll failed", metadata: ["inbox_id": "\(inbox.id)", "error": "\(error)"])
            return nil
        }
        guard let report else { return nil }
        do {
            try await health.recordChannelError(inboxID: inbox.id, error: report.failure, at: Date())
            if report.ingested > 0 { try await health.recordChannelEvent(inboxID: inbox.id, at: Date()) }
        } catch {
            logger.warning("could not record the mailbox's health", metadata: ["inbox_id": "\(inbox.id)", "error": "\(error)"])
        }
        return report
    }

    /// Reads the new mail of a mailbox this process holds the lock of.
    func drain(_ inbox: Inbox) async throws -> MailboxPollReport {
        var report = MailboxPollReport()
        let metadata: Logger.Metadata = ["inbox_id": "\(inbox.id)"]
        let session: any MailboxSession
        let uidValidity: UInt32
        var checkpoint: MailboxCheckpoint
        let saved: MailboxCheckpoint?
        let uids: [UInt32]
        do {
            session = try await connector.session(for: inbox)
            uidValidity = try await session.uidValidity()
            saved = try await store.mailboxCheckpoint(inboxID: inbox.id)
            if let saved, saved.uidValidity != uidValidity {
                // Every UID may mean another message now: read the mailbox again; Message-IDs dedupe.
                logger.notice("mailbox UIDVALIDITY changed; reading it again", metadata: metadata)
            }
            checkpoint =
                saved.flatMap { $0.uidValidity == uidValidity ? $0 : nil }
                ?? MailboxCheckpoint(uidValidity: uidValidity, lastUID: 0)
            uids = try await session.uids(after: checkpoint.lastUID)
        } catch let failure as MailboxFailure {
            report.failure = failure.reason
            return report
        }
        let batch = Array(uids.prefix(settings.maxMessagesPerPoll))
        report.hasMore = uids.count > batch.count
        let chunks = stride(from: 0, to: batch.count, by: max(settings.fetchChunk, 1)).map {
            Array(batch[$0..<min($0 + max(settings.fetchChunk, 1), batch.count)])
        }
        // The next few messages download while these are stored.
        var next: Task<[(uid: UInt32, mail: FetchedMail)], any Error>? = chunks.first.map { chunk in
            Task { try await session.fetch(uids: chunk) }
        }
        defer { next?.cancel() }
        for (index, _) in chunks.enumerated() {
            let fetched: [(uid: UInt32, mail: FetchedMail)]
            do {
                fetched = try await next!.value
            } catch let failure as MailboxFailure {
                report.failure = failure.reason
                break
            }
            next = index + 1 < chunks.count ? Task { [chunk = chunks[index + 1]] in try await session.fetch(uids: chunk) } : nil
            try await storeChunk(fetched, uidValidity: uidValidity, inbox: inbox, into: &report)
            if let last = fetched.last?.uid { checkpoint.lastUID = last }
            // Saved per chunk: after a crash, the chunk is read again and its stored messages dedupe.
            try await store.saveMailboxCheckpoint(inboxID: inbox.id, accountID: inbox.accountID, checkpoint)
        }
        // An empty mailbox still records where it stands (a first poll, a new UIDVALIDITY).
        if batch.isEmpty, saved != checkpoint {
            try await store.saveMailboxCheckpoint(inboxID: inbox.id, accountID: inbox.accountID, checkpoint)
        }
        if report.ingested + report.refused > 0 {
            logger.info(
                "mailbox polled",
                metadata: metadata.merging(
                    ["ingested": "\(report.ingested)", "duplicates": "\(report.duplicates)", "refused": "\(report.refused)"]
                ) { $1 }
            )
        }
        return report
    }

    /// Stores a chunk: independent messages side by side (`settings.ingestConcurrency` at a time),
    /// dependent ones in mailbox order (see `IndependentMail`).
    func storeChunk(
        _ fetched: [(uid: UInt32, mail: FetchedMail)], uidValidity: UInt32, inbox: Inbox,
        into report: inout MailboxPollReport
    ) async throws {
        let groups = IndependentMail.groups(fetched)
        try await withThrowingTaskGroup(of: [Taken].self) { tasks in
            var running = 0
            for group in groups {
                if running >= max(settings.ingestConcurrency, 1), let done = try await tasks.next() {
                    running -= 1
                    report.count(done)
                }
                running += 1
                tasks.addTask {
                    var taken: [Taken] = []
                    for (uid, mail) in group {
                        taken.append(try await take(mail, uid: uid, uidValidity: uidValidity, inbox: inbox))
                    }
                    return taken
                }
            }
            for try await done in tasks { report.count(done) }
        }
    }

    enum Taken { case ingested, duplicate, refused, missing }

    /// Stores one fetched message, or records why it was refused. Throws (stopping the poll before the
    /// checkpoint moves) only when the store failed, and not past `maxIngestAttempts` for one message.
    func take(_ fetched: FetchedMail, uid: UInt32, uidValidity: UInt32, inbox: Inbox) async throws -> Taken {
        let reason: String
        let payload: String?
        switch fetched {
        case .missing:
            return .missing
        case .refused(let why, let raw):
            reason = why
            payload = raw
        case .mail(let event):
            payload = event.rawPayload
            do {
                let result = try await ingest.ingest(event, into: inbox)
                await attempts.clear(inboxID: inbox.id, uid: uid)
                return result.duplicate ? .duplicate : .ingested
            } catch SwitchboardError.invalid(let errors) {
                reason = "unusable message: " + errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            } catch {
                let count = await attempts.fail(inboxID: inbox.id, uid: uid)
                guard count >= settings.maxIngestAttempts else { throw error }
                reason = "could not be stored after \(count) attempts: \(error)"
            }
        }
        logger.warning("mail refused", metadata: ["inbox_id": "\(inbox.id)", "uid": "\(uid)", "reason": "\(reason)"])
        try await store.recordRefusedMail(inbox: inbox, uidValidity: uidValidity, uid: uid, reason: reason)
        // The mailbox keeps the message, but the inbox's skipped list is where an administrator looks.
        try await health.keepSkipped(
            [SkippedPayload(.refused, reason: reason, externalID: "\(uidValidity):\(uid)", payload: payload ?? "")],
            inbox: inbox, at: Date()
        )
        return .refused
    }
}

extension MailboxPollReport {
    mutating func count(_ taken: [MailboxPoller.Taken]) {
        for outcome in taken {
            switch outcome {
            case .ingested: ingested += 1
            case .duplicate: duplicates += 1
            case .refused: refused += 1
            case .missing: break
            }
        }
    }
}

/// Counts failed ingests per message within this process, so a message that keeps failing is skipped.
actor FailedAttempts {
    private var counts: [String: Int] = [:]

    func fail(inboxID: Int64, uid: UInt32) -> Int {
        let key = "\(inboxID):\(uid)"
        counts[key, default: 0] += 1
        return counts[key]!
    }

    func clear(inboxID: Int64, uid: UInt32) {
        counts["\(inboxID):\(uid)"] = nil
    }
}
