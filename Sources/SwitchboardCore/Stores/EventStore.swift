import Foundation

/// The event log: rows the database wrote with their changes, published in an order no later commit
/// can precede, read back by id for streams, polling and resumption.
public protocol EventStore: Sendable {
    /// Publishes up to `limit` events whose transactions have all ended: loads what each is about,
    /// renders it, gives it its public id and queues its webhook deliveries, in one transaction.
    /// Returns how many it published (0 when another process is publishing right now).
    func publishPendingEvents(limit: Int, rendering: any EventRendering) async throws -> Int
    /// Published events of the account after `afterID`, oldest first.
    func events(accountID: Int64, after afterID: Int64, limit: Int) async throws -> [PublishedEvent]
    /// Published events of every account after `afterID`, oldest first (the process's fan-out).
    func events(after afterID: Int64, limit: Int) async throws -> [PublishedEvent]
    /// Whether anything waits to be published: the publisher's cheap look before it opens a transaction.
    func hasUnpublishedEvents() async throws -> Bool
    /// The highest public id handed out so far (0 when none).
    func latestEventID() async throws -> Int64
    /// Deletes events older than `date`; returns how many.
    func pruneEvents(before date: Date) async throws -> Int
}
