import SwitchboardCore

extension TelegramConnector {
    /// The updates the bot asks for: what `handleWebhook` acts on, nothing more.
    static let allowedUpdates = ["message", "edited_message", "my_chat_member"]

    /// Fetches a customer's file: `getFile` turns the `file_id` into a `file_path`, which is then
    /// downloaded from `{api_base_url}/file/bot<token>/<file_path>`. Telegram serves bot files up to 20 MB.
    public func downloadMedia(reference: String, inbox: Inbox) async throws(DeliveryFailure) -> DownloadedMedia {
        let settings = TelegramSettings(inbox)
        guard let token = settings.botToken else {
            throw .permanent("the inbox has no bot_token")
        }
        let api = botAPI(settings, token: token)
        let answer = try await api.call("getFile", query: [("file_id", reference)], result: FileLocation.self)
        guard let path = answer.result?.filePath, !path.isEmpty else {
            throw .permanent("Telegram gave no file_path for this file")
        }
        return try await api.downloadFile(path: path)
    }

    /// Points the bot's webhook at `url` with `setWebhook`, passing the inbox's `secret_token` so that
    /// every call can be verified. The message is Telegram's own `description`.
    public func registerWebhook(url: String, inbox: Inbox) async -> WebhookRegistration? {
        let settings = TelegramSettings(inbox)
        guard let token = settings.botToken else {
            return WebhookRegistration(succeeded: false, message: "set bot_token in the inbox config first")
        }
        guard let secret = settings.secretToken else {
            return WebhookRegistration(
                succeeded: false,
                message: "set secret_token in the inbox config first: without it no webhook call can be verified"
            )
        }
        let body = SetWebhook(url: url, secretToken: secret, allowedUpdates: Self.allowedUpdates)
        do {
            let answer = try await botAPI(settings, token: token).call("setWebhook", json: body, result: Bool.self)
            return WebhookRegistration(
                succeeded: answer.result ?? true, message: answer.description ?? "Webhook was set"
            )
        } catch {
            return WebhookRegistration(succeeded: false, message: error.reason)
        }
    }
}

struct SetWebhook: Encodable {
    var url: String
    var secretToken: String
    var allowedUpdates: [String]

    enum CodingKeys: String, CodingKey {
        case url
        case secretToken = "secret_token"
        case allowedUpdates = "allowed_updates"
    }
}
