import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// `POST /webhooks/{uid}` and `GET /webhooks/{uid}`: messenger platforms calling us.
///
/// The connector checks the platform's proof before anything is read; then the items are stored and
/// the platform gets the answer it expects. Anything but a store outage is answered with success or a
/// 4xx, because a platform that sees 5xx redelivers — and blocks the channel's later updates meanwhile.
struct WebhooksController {
    static let maxBodyBytes = 1 << 20

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post(":uid", use: receive)
        group.get(":uid", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let uid = context.parameters.get("uid") ?? ""
        guard uid.count <= 64, let inbox = try await deps.inboxes.liveInbox(uid: uid), inbox.kind.receivesWebhooks,
            let connector = deps.connectors.messengers[inbox.kind]
        else {
            throw SwitchboardError.notFound("webhook \(uid)")
        }
        try await deps.rateLimiter.admit(
            "webhook:\(inbox.id)", perMinute: deps.rateLimits.webhooksPerMinute, refusal: "too many webhook calls for this inbox"
        )
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            throw SwitchboardError.tooLarge("a webhook body must be at most \(Self.maxBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let channelRequest = ChannelRequest(
            method: request.method.rawValue, path: request.uri.path, headers: headers, query: QueryReader(request).values,
            body: Array(body.readableBytesView), remoteAddress: context.remoteAddress
        )
        let receivedAt = Date()
        let outcome: WebhookOutcome
        do {
            outcome = try connector.handleWebhook(channelRequest, inbox: inbox, receivedAt: receivedAt)
        } catch let error as SwitchboardError {
            if case .unauthorized = error {
                // Usually a secret that differs between the platform and us: tell the administrator.
                try? await deps.channelEvents.recordChannelError(
                    inboxID: inbox.id, error: "a webhook call was refused: its proof did not match", at: receivedAt
                )
            }
            throw error
        }
        let intake = WebhookIntake(ingest: deps.ingest, events: deps.channelEvents, logger: context.logger)
        let summary = try await intake.apply(outcome, inbox: inbox, receivedAt: receivedAt, body: channelRequest.body)
        await deps.effects.carryOut(Self.nameLookups(outcome, summary, inbox: inbox))
        let reply = outcome.response
        return Response(
            status: HTTPResponse.Status(code: reply.status),
            headers: [.contentType: reply.contentType],
            body: .init(byteBuffer: ByteBuffer(string: reply.body))
        )
    }

    /// Platforms that name senders only by id (VK) are asked for the name after the message is stored;
    /// the contact keeps its anonymous name if the lookup fails.
    static func nameLookups(_ outcome: WebhookOutcome, _ summary: WebhookIntake.Summary, inbox: Inbox) -> [AfterCommit] {
        guard summary.ingested.contains(where: \.contactNamedAnonymously) else { return [] }
        let senders = Set(outcome.items.compactMap { item -> String? in
            if case .message(let event) = item, event.sender.name == nil { return event.sender.externalID }
            return nil
        })
        return senders.sorted().map { .lookUpSenderName(inboxID: inbox.id, accountID: inbox.accountID, senderExternalID: $0) }
    }
}
