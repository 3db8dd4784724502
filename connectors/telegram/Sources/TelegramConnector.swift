import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// A Telegram bot as an inbox: verifies and reads what the Bot API posts to the webhook, sends agents'
/// replies with `sendMessage` / `sendPhoto` / `sendDocument`, downloads customers' files with `getFile`,
/// and registers the webhook with `setWebhook`.
///
/// Config keys read (see `TelegramSettings`): `bot_token` (secret), `secret_token` (secret),
/// `api_base_url` (default `https://api.telegram.org`).
///
/// Only private chats are customers. A customer is the chat: their id is `chat.id` in decimal, which
/// is where replies go. A message's id is `"<chat.id>:<message_id>"`.
public struct TelegramConnector: MessengerConnector {
    let httpClient: HTTPClient
    let timeout: TimeAmount

    public init(httpClient: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public var kind: ChannelKind { .telegram }

    /// Checks `X-Telegram-Bot-Api-Secret-Token` against the inbox's `secret_token` before reading the
    /// body; an inbox without `secret_token` accepts nothing. A verified body that is not even JSON is
    /// kept as unreadable and acknowledged (Telegram would resend it and hold back later updates).
    public func handleWebhook(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) throws -> WebhookOutcome {
        let presented = request.header("X-Telegram-Bot-Api-Secret-Token")
        guard ConstantTime.equals(presented, TelegramSettings(inbox).secretToken) else {
            throw SwitchboardError.unauthorized(
                "the X-Telegram-Bot-Api-Secret-Token header is missing or does not match the inbox's secret_token"
            )
        }
        return WebhookOutcome(items: UpdateParser.items(from: request.body, receivedAt: receivedAt))
    }

    func botAPI(_ settings: TelegramSettings, token: String) -> BotAPI {
        BotAPI(httpClient: httpClient, timeout: timeout, settings: settings, token: token)
    }
}
