import EmailTransport
import Foundation
import Logging
import NIOPosix
import SwitchboardCore

/// Email intake for the mailbox poller: IMAP through libcurl, MIME parsing, one event per message.
///
/// One IMAP client is kept per inbox (and replaced when its settings change), so successive polls
/// reuse the logged-in connection instead of logging in every time.
public struct EmailMailbox: MailboxConnector {
    public let kind = ChannelKind.email
    let threadPool: NIOThreadPool
    let clients = IMAPClients()

    public init(threadPool: NIOThreadPool = .singleton) {
        self.threadPool = threadPool
    }

    public func configErrors(_ config: [String: JSONValue]) -> [FieldError] {
        EmailSettings.errors(in: config)
    }

    public func pollInterval(_ inbox: Inbox) -> Duration {
        (try? EmailSettings(config: inbox.config).pollInterval) ?? .seconds(EmailSettings.defaultPollSeconds)
    }

    public func session(for inbox: Inbox) async throws(MailboxFailure) -> any MailboxSession {
        let settings = try EmailSettings(config: inbox.config)
        let client: IMAPClient
        do {
            client = try await clients.client(inboxID: inbox.id, settings: settings, threadPool: threadPool)
        } catch {
            throw MailboxFailure(error.description)
        }
        return EmailMailboxSession(client: client, maxMessageBytes: settings.maxMessageBytes, ownAddress: settings.from.address)
    }

    public func release(keeping inboxIDs: Set<Int64>) async {
        await clients.release(keeping: inboxIDs)
    }
}

/// The IMAP clients of the inboxes this process polls, by inbox.
actor IMAPClients {
    private var clients: [Int64: (server: MailServer, mailbox: String, client: IMAPClient)] = [:]

    func client(inboxID: Int64, settings: EmailSettings, threadPool: NIOThreadPool) async throws(MailError) -> IMAPClient {
        if let kept = clients[inboxID], kept.server == settings.imap, kept.mailbox == settings.mailbox {
            return kept.client
        }
        if let old = clients.removeValue(forKey: inboxID) { await old.client.closeIdleConnections() }
        let client = try IMAPClient(server: settings.imap, mailbox: settings.mailbox, threadPool: threadPool)
        clients[inboxID] = (settings.imap, settings.mailbox, client)
        return client
    }

    /// Closes the connections of every inbox not in `inboxIDs` and forgets their clients.
    func release(keeping inboxIDs: Set<Int64>) async {
        for inboxID in clients.keys where !inboxIDs.contains(inboxID) {
            if let gone = clients.removeValue(forKey: inboxID) { await gone.client.closeIdleConnections() }
        }
    }

    /// The inboxes that have a client.
    var inboxIDs: Set<Int64> { Set(clients.keys) }
}

/// One poll's view of a mailbox.
struct EmailMailboxSession: MailboxSession {
    let client: IMAPClient
    let maxMessageBytes: Int
    let ownAddress: String

    func uidValidity() async throws(MailboxFailure) -> UInt32 {
        do {
            return try await client.status().uidValidity
        } catch {
            throw MailboxFailure(error.description)
        }
    }

    func uids(after: UInt32) async throws(MailboxFailure) -> [UInt32] {
        guard after < UInt32.max else { return [] }
        do {
            return try await client.uids(from: after + 1)
        } catch {
            throw MailboxFailure(error.description)
        }
    }

    func fetch(uids: [UInt32]) async throws(MailboxFailure) -> [(uid: UInt32, mail: FetchedMail)] {
        let retrieved: [UInt32: RetrievedMessage]
        do {
            retrieved = try await client.retrieve(uids: uids, maxBytes: maxMessageBytes)
        } catch {
            throw MailboxFailure(error.description)
        }
        return uids.map { uid in (uid, mail(retrieved[uid] ?? .missing)) }
    }

    func mail(_ retrieved: RetrievedMessage) -> FetchedMail {
        switch retrieved {
        case .missing:
            return .missing
        case .tooLarge(let size):
            return .refused(reason: "the message has \(size) bytes, more than max_message_bytes (\(maxMessageBytes))")
        case .message(let raw):
            do {
                let parsed = try MIMEParser.parse(raw)
                return .mail(EmailEvent.event(raw: raw, parsed: parsed, ownAddress: ownAddress))
            } catch {
                return .refused(reason: "the message cannot be read: \(error)", payload: String(decoding: raw, as: UTF8.self))
            }
        }
    }
}
