import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// The WhatsApp Business Cloud API: verifies and reads Meta's webhook calls, sends replies from the
/// inbox's business number and downloads the media customers send.
///
/// Config keys read (see `WhatsAppSettings`): `phone_number_id`, `access_token`, `app_secret`,
/// `verify_token`, `api_base_url`.
public struct WhatsAppConnector: MessengerConnector {
    let httpClient: HTTPClient
    let timeout: TimeAmount

    public init(httpClient: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public var kind: ChannelKind { .whatsapp }

    /// GET is Meta's subscription handshake; POST is a notification signed with `X-Hub-Signature-256`,
    /// checked before the body is read (a signed body that is not JSON is kept whole as unreadable).
    public func handleWebhook(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) throws -> WebhookOutcome {
        let settings = WhatsAppSettings(inbox)
        if request.method.uppercased() == "GET" {
            return try VerificationHandshake.respond(to: request, verifyToken: settings.verifyToken)
        }
        try WebhookSignature.verify(request, appSecret: settings.appSecret)
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            return WebhookOutcome(items: [.unreadableBody(request.body, reason: "the webhook body is not JSON")])
        }
        let payload = WebhookPayload(
            phoneNumberID: settings.phoneNumberID, rawPayload: String(decoding: request.body, as: UTF8.self)
        )
        return WebhookOutcome(items: payload.items(root))
    }

    /// Sends the reply to the customer's `wa_id` (as `to`), or to their business-scoped user id (as
    /// `recipient`) when that is all we know of them; the receipt names the `wamid` of the message carrying
    /// the text (or of the first file), which later status notifications refer to. The leading text and
    /// each file are parts of the reply: a retry sends (and uploads) only those WhatsApp has not accepted.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        let settings = WhatsAppSettings(message.inbox)
        let phoneNumberID = try settings.requirePhoneNumberID()
        let accessToken = try settings.requireAccessToken()
        let graph = GraphClient(
            httpClient: httpClient, timeout: timeout, baseURL: settings.baseURL, accessToken: accessToken
        )
        guard let recipient = message.recipientExternalID, !recipient.isEmpty else {
            throw .permanent("the contact has never written to this WhatsApp number")
        }
        // A question's options: buttons or a list when they fit, else numbered in the text.
        let question =
            message.attachments.isEmpty
            ? Interactive(text: message.content, choices: message.choices, listButton: message.choicesButtonTitle) : nil
        if let question {
            let sent = try await progress.send(parts: 1) { _ throws(DeliveryFailure) in
                try await send(.interactive(question, to: recipient), phoneNumberID: phoneNumberID, graph: graph)
            }
            return DeliveryReceipt(externalID: sent.first ?? nil)
        }
        let plan = ReplyPlan(content: Interactive.numbered(message.content, choices: message.choices), attachments: message.attachments)
        guard !plan.isEmpty else { throw .permanent("the reply has neither text nor files") }
        // Part 0 is the leading text when there is one; the files follow.
        let firstFilePart = plan.leadingText == nil ? 0 : 1

        // Files are uploaded before anything is sent, so a file WhatsApp refuses fails the reply whole.
        var mediaIDs: [Int: String] = [:]
        for (index, file) in plan.files.enumerated() where !progress.isAccepted(firstFilePart + index) {
            mediaIDs[index] = try await upload(file.attachment, phoneNumberID: phoneNumberID, graph: graph)
        }
        let sent = try await progress.send(parts: firstFilePart + plan.files.count) { part throws(DeliveryFailure) in
            if part < firstFilePart, let text = plan.leadingText {
                return try await send(.text(text, to: recipient), phoneNumberID: phoneNumberID, graph: graph)
            }
            let index = part - firstFilePart
            let file = plan.files[index]
            guard let mediaID = mediaIDs[index] else { throw .temporary("a file of the reply was not uploaded") }
            let media = OutgoingMessage.Media(
                id: mediaID, caption: file.caption, filename: file.kind == .document ? file.attachment.name : nil
            )
            return try await send(.media(file.kind, media, to: recipient), phoneNumberID: phoneNumberID, graph: graph)
        }
        return DeliveryReceipt(externalID: sent.first ?? nil)
    }

    /// `GET {base}/{media-id}` for a short-lived URL, then that URL with the same token.
    public func downloadMedia(reference: String, inbox: Inbox) async throws(DeliveryFailure) -> DownloadedMedia {
        let settings = WhatsAppSettings(inbox)
        let accessToken = try settings.requireAccessToken()
        let graph = GraphClient(
            httpClient: httpClient, timeout: timeout, baseURL: settings.baseURL, accessToken: accessToken
        )
        guard !reference.isEmpty, reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .permanent("not a WhatsApp media id")
        }
        let info = try await graph.getJSON(reference)
        guard let url = info["url"]?.text else {
            throw .temporary("WhatsApp returned no download URL for the media")
        }
        guard MediaURL.isAcceptable(url, baseURL: settings.baseURL) else {
            throw .permanent("WhatsApp returned a download URL that is not https")
        }
        let response = try await graph.getBytes(url)
        let contentType = info["mime_type"]?.text ?? response.contentType
        return DownloadedMedia(data: response.body, contentType: contentType)
    }

    private func upload(_ attachment: OutboundAttachment, phoneNumberID: String, graph: GraphClient)
        async throws(DeliveryFailure) -> String
    {
        // WhatsApp checks `type` against its list of accepted types, which carry no parameters.
        let contentType = MediaFile.baseType(attachment.contentType)
        var form = MultipartForm()
        form.addField("messaging_product", "whatsapp")
        form.addField("type", contentType)
        form.addFile("file", fileName: attachment.name, contentType: contentType, data: attachment.data)
        form.finish()
        let answer = try await graph.postMultipart("\(phoneNumberID)/media", form: form)
        guard let id = answer["id"]?.text else {
            throw .temporary("WhatsApp accepted the upload of \(attachment.name) but returned no media id")
        }
        return id
    }

    /// The `wamid` of the accepted message (`messages[0].id`), nil if WhatsApp did not name it.
    private func send(_ outgoing: OutgoingMessage, phoneNumberID: String, graph: GraphClient)
        async throws(DeliveryFailure) -> String?
    {
        let body: [UInt8]
        do {
            body = Array(try Self.encoder.encode(outgoing))
        } catch {
            throw .permanent("could not encode the message: \(error)")
        }
        let answer = try await graph.postJSON("\(phoneNumberID)/messages", body: body)
        return answer["messages"]?.elements.first?["id"]?.text
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
