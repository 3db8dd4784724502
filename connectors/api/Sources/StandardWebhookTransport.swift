import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Sends event deliveries the Standard Webhooks way (standardwebhooks.com): a JSON POST with
/// `webhook-id` (the same on every retry, for the receiver's deduplication), `webhook-timestamp` and
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret's bytes.
public struct StandardWebhookTransport: WebhookTransport {
    let httpClient: HTTPClient
    let policy: OutboundURLPolicy
    let timeout: TimeAmount

    public init(httpClient: HTTPClient, policy: OutboundURLPolicy, timeout: TimeAmount = .seconds(10)) {
        self.httpClient = httpClient
        self.policy = policy
        self.timeout = timeout
    }

    public func send(_ delivery: DueWebhookDelivery) async -> ReceiverAnswer {
        // Checked again now: the name may resolve elsewhere than when the URL was saved.
        if let refusal = policy.refusal(of: delivery.url, resolving: true) { return .unreachable("the URL \(refusal)") }
        guard !delivery.secret.isEmpty else {
            return .unreachable("the endpoint's signing secret cannot be read with this SWITCHBOARD_SECRET_KEY")
        }
        let messageID = "msg_\(delivery.id)"
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Switchboard")
        request.headers.add(name: "webhook-id", value: messageID)
        request.headers.add(name: "webhook-timestamp", value: timestamp)
        request.headers.add(
            name: "webhook-signature",
            value: Self.signature(id: messageID, timestamp: timestamp, body: delivery.payload, secret: delivery.secret)
        )
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .status(Int(response.status.code))
        } catch {
            return .unreachable("could not reach the endpoint: \(error)")
        }
    }

    /// `v1,<base64 HMAC-SHA256("id.timestamp.body")>` with the base64-decoded part of `whsec_…` as key.
    public static func signature(id: String, timestamp: String, body: String, secret: String) -> String {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        let key = SymmetricKey(data: Data(base64Encoded: encoded) ?? Data(encoded.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }
}
