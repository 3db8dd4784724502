import Logging
import ServiceLifecycle

/// Carries out what use cases return for after their commit: the one place work follows a change.
///
/// Effects that change what the caller's answer shows (an assignment) run before the answer, in order;
/// the others (asking a platform for a sender's name) go to a bounded queue that this service drains,
/// so no request handler starts a task of its own and nothing a request started outlives a graceful
/// shutdown. A failing effect is logged, never reported to the caller: the change itself is committed,
/// and the next trigger (or the assignment sweeper) picks the work up again.
public final class EffectRunner: Service, Sendable {
    let assignment: any AssignmentStore
    let inboxes: any InboxStore
    let channelEvents: any ChannelEventStore
    let connectors: ConnectorRegistry
    let wakeUps: DeliveryWakeUps?
    let logger: Logger
    private let queue: AsyncStream<AfterCommit>
    private let enqueue: AsyncStream<AfterCommit>.Continuation

    /// Background effects waiting past this many are dropped (a name stays "Anonymous #id"), so a slow
    /// platform can never make memory grow without bound.
    public static let queueLimit = 10_000

    public init(
        assignment: any AssignmentStore, inboxes: any InboxStore, channelEvents: any ChannelEventStore,
        connectors: ConnectorRegistry, wakeUps: DeliveryWakeUps?, logger: Logger = Logger(label: "switchboard.effects")
    ) {
        self.assignment = assignment
        self.inboxes = inboxes
        self.channelEvents = channelEvents
        self.connectors = connectors
        self.wakeUps = wakeUps
        self.logger = logger
        (queue, enqueue) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(Self.queueLimit))
    }

    /// Runs the awaited effects now, each once and in order, and queues the rest.
    public func carryOut(_ effects: [AfterCommit]) async {
        var seen = Set<AfterCommit>()
        for effect in effects where seen.insert(effect).inserted {
            if effect.isAwaited {
                await perform(effect)
            } else if case .dropped = enqueue.yield(effect) {
                logger.warning("the effect queue is full; an effect was dropped", metadata: ["effect": "\(effect)"])
            }
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await effect in queue.cancelOnGracefulShutdown() {
                group.addTask { await self.perform(effect) }
            }
        }
    }

    func perform(_ effect: AfterCommit) async {
        do {
            switch effect {
            case .assignWaiting(let accountID):
                let assigned = try await assignment.assignWaiting(accountID: accountID)
                if assigned > 0 { logger.info("assigned waiting conversations", metadata: ["count": "\(assigned)"]) }
            case .requeueAfterGoingOffline(let agentID, let accountID):
                try await assignment.requeueAfterGoingOffline(agentID: agentID, accountID: accountID)
            case .wakeDelivery:
                wakeUps?.nudge()
            case .lookUpSenderName(let inboxID, let accountID, let sender):
                try await lookUpName(inboxID: inboxID, accountID: accountID, senderExternalID: sender)
            }
        } catch {
            logger.warning("an effect after commit failed", metadata: ["effect": "\(effect)", "error": "\(error)"])
        }
    }

    /// The contact keeps its anonymous name when the platform does not answer.
    func lookUpName(inboxID: Int64, accountID: Int64, senderExternalID: String) async throws {
        guard let inbox = try await inboxes.inbox(id: inboxID, accountID: accountID), inbox.deletedAt == nil,
            let connector = connectors.messengers[inbox.kind],
            let profile = await connector.senderProfile(externalID: senderExternalID, inbox: inbox),
            let name = ContactNaming.given(profile)
        else { return }
        try await channelEvents.nameAnonymousContact(inboxID: inbox.id, senderExternalID: senderExternalID, name: name)
    }
}
