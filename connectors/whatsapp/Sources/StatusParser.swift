import SwitchboardCore

/// `statuses[]`: what became of a message we sent, named by the `wamid` the send returned.
enum StatusParser {
    static func item(_ status: JSONValue) -> WebhookItem {
        guard let id = status["id"]?.text else {
            return .ignored("status without message id")
        }
        let state = status["status"]?.text ?? "(none)"
        switch state {
        case "delivered":
            return .receipt(externalID: id, status: .delivered, error: nil)
        case "read":
            return .receipt(externalID: id, status: .read, error: nil)
        case "failed":
            let error = status["errors"]?.elements.first.map(errorText) ?? "WhatsApp did not say why"
            return .receipt(externalID: id, status: .failed, error: error)
        case "sent":
            return .ignored("status sent for \(id): already known from the send itself")
        default:
            return .ignored("status \(state) for \(id) is not tracked")
        }
    }

    /// `{"code":131047,"title":"Re-engagement message","message":…,"error_data":{"details":…}}` as one line.
    static func errorText(_ error: JSONValue) -> String {
        PlatformErrorText.compose(
            message: error["message"]?.text ?? error["title"]?.text,
            details: error["error_data"]?["details"]?.text,
            code: error["code"]?.number.flatMap { Int(exactly: $0) }
        )
    }
}
