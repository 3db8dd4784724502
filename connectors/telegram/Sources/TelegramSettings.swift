import SwitchboardCore

/// A Telegram inbox's `channel.config`.
///
/// - `bot_token` (secret): the token @BotFather gave the bot.
/// - `secret_token` (secret): the value Telegram sends in `X-Telegram-Bot-Api-Secret-Token` with every
///   webhook call; 1-256 characters `A-Z a-z 0-9 _ -`.
/// - `api_base_url`: where the Bot API lives; `https://api.telegram.org` unless a self-hosted Bot API
///   server is used.
struct TelegramSettings: Sendable {
    static let defaultAPIBaseURL = "https://api.telegram.org"

    var botToken: String?
    var secretToken: String?
    /// Without a trailing slash.
    var apiBaseURL: String

    init(_ inbox: Inbox) {
        botToken = inbox.configString("bot_token")
        secretToken = inbox.configString("secret_token")
        var base = inbox.configString("api_base_url") ?? Self.defaultAPIBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        apiBaseURL = base
    }
}
