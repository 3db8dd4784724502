import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// The Viber channel: a bot on Viber's REST Bot API.
///
/// Verifies and parses the callbacks Viber posts to `/webhooks/{uid}`, sends replies with `send_message`,
/// downloads the files messages point to and registers the webhook with `set_webhook`.
///
/// Config keys read (see ``ViberSettings``): `auth_token` (secret), `bot_name`, `bot_avatar`, `api_base_url`.
public struct ViberConnector: MessengerConnector {
    let api: ViberAPI
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// The largest file fetched from Viber, as large as the server accepts uploads.
    static let maxMediaBytes = 64 * 1024 * 1024

    public init(httpClient: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.api = ViberAPI(httpClient: httpClient, timeout: timeout)
    }

    public var kind: ChannelKind { .viber }

    /// Checks `X-Viber-Content-Signature` (or `?sig=`) against the raw body first, then reads the callback.
    /// Every event Viber may send is answered `200 ok`; those we do not store are `.ignored` items, and a
    /// signed body that is not even a JSON object is kept whole as unreadable.
    public func handleWebhook(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) throws -> WebhookOutcome {
        try ViberSignature.verify(request, authToken: ViberSettings(inbox).authToken)
        let callback: ViberCallback
        do {
            callback = try JSONDecoder().decode(ViberCallback.self, from: Data(request.body))
        } catch {
            return WebhookOutcome(items: [.unreadableBody(request.body, reason: "the Viber callback is not a JSON object")])
        }
        let raw = String(decoding: request.body, as: UTF8.self)
        return WebhookOutcome(items: ViberCallbackParser.items(callback, rawPayload: raw, receivedAt: receivedAt))
    }

    /// Sends the reply's text with `send_message`, split into messages of at most 7,000 characters.
    ///
    /// Viber bots can send files only as links to public URLs, which replies do not have: attachments are
    /// not sent, and a reply made only of attachments fails permanently. The receipt names the last
    /// message's `message_token`, which Viber's `delivered` and `seen` callbacks repeat. Each piece of a
    /// long text is a part of the reply: a retry sends only the pieces Viber has not accepted yet.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        let settings = ViberSettings(message.inbox)
        guard let authToken = settings.authToken else {
            throw .permanent("the inbox has no auth_token to send Viber messages with")
        }
        guard let receiver = message.recipientExternalID, !receiver.isEmpty else {
            throw .permanent("the contact has no Viber user id on this inbox")
        }
        guard !message.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .permanent(
                message.attachments.isEmpty
                    ? "the reply is empty"
                    : "Viber bots send files only by public link; a reply with only attachments cannot be sent"
            )
        }
        let pieces = ViberTextSplitter.split(message.content)
        let tokens = try await progress.send(parts: pieces.count) { index throws(DeliveryFailure) in
            var body = ViberSendMessage(
                receiver: receiver,
                sender: .init(name: settings.senderName, avatar: settings.senderAvatar),
                trackingData: String(message.messageID), text: pieces[index]
            )
            // A question's options go with its last piece, as reply buttons.
            if index == pieces.count - 1, let keyboard = ViberKeyboard(message.choices) {
                body.keyboard = keyboard
                body.minAPIVersion = 3
            }
            let answer = try await api.call("send_message", body: body, settings: settings, authToken: authToken)
            let status = answer.status ?? -1
            guard status == ViberStatus.ok else {
                throw ViberStatus.failure(status: status, message: answer.statusMessage)
            }
            return answer.messageToken?.text
        }
        return DeliveryReceipt(externalID: tokens.last ?? nil)
    }

    /// Fetches a media URL from a callback (no authentication; Viber's links expire after a while).
    public func downloadMedia(reference: String, inbox: Inbox) async throws(DeliveryFailure) -> DownloadedMedia {
        try await ViberDownload(httpClient: httpClient, timeout: timeout, maxBytes: Self.maxMediaBytes)
            .fetch(reference)
    }

    /// Calls `set_webhook` with `url` and the events the connector reads.
    public func registerWebhook(url: String, inbox: Inbox) async -> WebhookRegistration? {
        let settings = ViberSettings(inbox)
        guard let authToken = settings.authToken else {
            return WebhookRegistration(succeeded: false, message: "the inbox has no auth_token")
        }
        do {
            let answer = try await api.call(
                "set_webhook", body: ViberSetWebhook(url: url), settings: settings, authToken: authToken
            )
            let status = answer.status ?? -1
            let message = answer.statusMessage ?? ViberStatus.describe(status: status, message: nil)
            return WebhookRegistration(succeeded: status == ViberStatus.ok, message: message)
        } catch {
            return WebhookRegistration(succeeded: false, message: error.reason)
        }
    }
}
