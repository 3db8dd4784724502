import Foundation
import Logging
import ServiceLifecycle

/// Downloads the files messengers only referred to, so agents see them after the platform's link expires.
/// Claims are exclusive across processes; a failed download is tried again with backoff, then recorded.
public struct MediaWorker: Service {
    let store: any MediaStore
    let connectors: [ChannelKind: any MessengerConnector]
    let retry: RetryPolicy
    let pollInterval: Duration
    let logger: Logger

    public init(
        store: any MediaStore, connectors: [ChannelKind: any MessengerConnector], retry: RetryPolicy = RetryPolicy(),
        pollInterval: Duration = .seconds(1), logger: Logger = Logger(label: "switchboard.media")
    ) {
        self.store = store
        self.connectors = connectors
        self.retry = retry
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Downloads what is pending, then waits for the poll interval; a round that found work is followed
    /// by the next at once.
    public func run() async throws {
        await PollingLoop.run(every: pollInterval) {
            do {
                return try await runOnce() > 0
            } catch {
                logger.warning("media round failed", metadata: ["error": "\(error)"])
                return false
            }
        }
    }

    /// Claims one batch and downloads it; returns how many attachments it handled.
    @discardableResult
    public func runOnce(limit: Int = 8) async throws -> Int {
        let due = try await store.claimPendingMedia(limit: limit, lease: .seconds(300))
        await withTaskGroup(of: Void.self) { group in
            for media in due {
                group.addTask { await fetch(media) }
            }
        }
        return due.count
    }

    func fetch(_ media: PendingMedia) async {
        let metadata: Logger.Metadata = ["attachment_id": "\(media.attachmentID)", "attempt": "\(media.attempt)"]
        do {
            guard let connector = connectors[media.inbox.kind] else {
                throw DeliveryFailure.permanent("this server has no \(media.inbox.kind.rawValue) connector")
            }
            let downloaded = try await connector.downloadMedia(reference: media.reference, inbox: media.inbox)
            try await store.storeMedia(attachmentID: media.attachmentID, downloaded)
            logger.info("media downloaded", metadata: metadata.merging(["bytes": "\(downloaded.data.count)"]) { $1 })
        } catch {
            let failure = (error as? DeliveryFailure) ?? .temporary("\(error)")
            let retryAt: Date? =
                switch failure {
                case .permanent: nil
                case .throttled(_, let delay): Date().addingTimeInterval(delay.timeInterval)
                case .temporary:
                    media.attempt < retry.maxAttempts
                        ? Date().addingTimeInterval(retry.delay(afterAttempt: media.attempt).timeInterval) : nil
                }
            do {
                try await store.failMedia(attachmentID: media.attachmentID, error: failure.reason, retryAt: retryAt)
            } catch {
                logger.error("could not record a failed download", metadata: metadata)
            }
            logger.warning("media download failed", metadata: metadata.merging(["error": "\(failure.reason)"]) { $1 })
        }
    }
}
