/// One readable line from the parts of a WhatsApp error, whether it came in a Graph API error response
/// (`message`, `error_data.details`) or in a failed status (`title`/`message`, `error_data.details`).
enum PlatformErrorText {
    static func compose(message: String?, details: String?, code: Int?) -> String {
        var text = message ?? "WhatsApp reported an error"
        if let details, details != message { text += ": " + details }
        if let code, !text.contains("#\(code)") { text += " (code \(code))" }
        return text
    }
}
