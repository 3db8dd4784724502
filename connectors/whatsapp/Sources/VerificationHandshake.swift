import SwitchboardCore

/// Meta's subscription check: when the administrator saves the callback URL in the app dashboard, Meta
/// calls `GET <url>?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<number>` and expects the
/// challenge back as the body.
enum VerificationHandshake {
    /// The challenge to answer with, after the token matched in constant time.
    ///
    /// A GET with none of the `hub.*` parameters is not a handshake at all (someone opened the URL in a
    /// browser): `malformed`, with a hint of what the URL is for. A handshake with the wrong mode or token
    /// is `forbidden`, as Meta's own documentation answers it (403).
    static func respond(to request: ChannelRequest, verifyToken: String?) throws(SwitchboardError)
        -> WebhookOutcome
    {
        let mode = request.query["hub.mode"]
        let token = request.query["hub.verify_token"]
        let challenge = request.query["hub.challenge"]
        if mode == nil, token == nil, challenge == nil {
            throw .malformed(
                "this URL takes WhatsApp webhooks: a GET must carry hub.mode, hub.verify_token and hub.challenge")
        }
        guard mode == "subscribe" else {
            throw .forbidden("hub.mode must be subscribe")
        }
        // Compared even when the inbox has no token, so both failures take the same path.
        guard ConstantTime.equals(token, verifyToken) else {
            throw .forbidden("hub.verify_token does not match the inbox's verify_token")
        }
        guard let challenge, !challenge.isEmpty else {
            throw .malformed("hub.challenge is missing")
        }
        return WebhookOutcome(items: [], response: WebhookResponse(body: challenge))
    }
}
