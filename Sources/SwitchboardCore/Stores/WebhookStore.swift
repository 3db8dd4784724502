import Foundation

public protocol WebhookStore: Sendable {
    func webhookEndpoints(accountID: Int64) async throws -> [WebhookEndpoint]
    func webhookEndpoint(id: Int64, accountID: Int64) async throws -> WebhookEndpoint?
    func createWebhookEndpoint(accountID: Int64, _ new: NewWebhookEndpoint) async throws -> WebhookEndpoint
    func updateWebhookEndpoint(id: Int64, accountID: Int64, _ change: WebhookEndpointChange) async throws -> WebhookEndpoint?
    func deleteWebhookEndpoint(id: Int64, accountID: Int64) async throws -> Bool
    /// Newest first, `beforeID` for the next page.
    func webhookDeliveries(endpointID: Int64, accountID: Int64, beforeID: Int64?, limit: Int) async throws -> [WebhookDelivery]
    /// Makes the delivery due now, whatever its state; nil when there is no such delivery.
    func retryWebhookDelivery(id: Int64, endpointID: Int64, accountID: Int64) async throws -> WebhookDelivery?

    /// Claims due deliveries of enabled endpoints for `lease` (FOR UPDATE SKIP LOCKED): several processes
    /// never send the same attempt twice, and a crashed sender's claims come back when the lease ends.
    func claimDueWebhookDeliveries(limit: Int, lease: Duration) async throws -> [DueWebhookDelivery]
    /// Records an attempt; a failure streak longer than `disableAfter` disables the endpoint.
    func recordWebhookAttempt(deliveryID: Int64, _ outcome: WebhookAttemptOutcome, disableAfter: Duration) async throws
    /// Deliveries waiting to be sent (pending or failed and due again), for the metrics.
    func webhookQueueDepth() async throws -> Int
}
