import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// A VK community's messages: the Callback API posts to `/webhooks/{uid}`, replies go out through
/// `messages.send` with the community token.
///
/// Config keys read: `group_id`, `access_token` (secret), `secret` (secret), `confirmation_code` (secret),
/// `api_base_url` (default `https://api.vk.com/method`). API version 5.199.
public struct VKConnector: MessengerConnector {
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// Media behind a VK URL is refused past this size.
    static let downloadLimit = 200 * 1024 * 1024

    public init(httpClient: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public var kind: ChannelKind { .vk }

    public func handleWebhook(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) throws -> WebhookOutcome {
        try VKWebhook.handle(request, settings: VKSettings(inbox: inbox), receivedAt: receivedAt)
    }

    /// Sends the reply to the customer's dialog with the community: files first uploaded as documents,
    /// then one `messages.send` per part (long text is cut, at most ten attachments a call).
    /// A retry sends (and uploads the files of) only the parts VK has not accepted yet.
    /// The receipt names VK's id of the first message sent.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        let settings = VKSettings(inbox: message.inbox)
        guard settings.accessToken != nil else { throw .permanent("the inbox has no VK access_token") }
        guard let peerID = message.recipientExternalID, let peer = Int64(peerID), peer > 0 else {
            throw .permanent("the contact has no VK user id to reply to")
        }
        let api = VKAPIClient(httpClient: httpClient, timeout: timeout, settings: settings)

        // The parts are laid out with each file's position, so the files of parts already accepted need
        // no upload; the same reply lays out the same way on every attempt.
        let layout = VKOutgoingMessage(text: message.content, attachments: message.attachments.indices.map(String.init))
        guard !layout.parts.isEmpty else { throw .permanent("the reply has neither text nor attachments") }
        var documents: [String: String] = [:]
        for (index, part) in layout.parts.enumerated() where !progress.isAccepted(index) {
            for position in part.attachments {
                guard let file = Int(position).map({ message.attachments[$0] }) else { continue }
                documents[position] = try await VKDocumentUpload(api: api).upload(file, peerID: peerID)
            }
        }

        let sent = try await progress.send(parts: layout.parts.count) { index throws(DeliveryFailure) in
            let part = layout.parts[index]
            let attachments = part.attachments.compactMap { documents[$0] }
            var parameters = [
                ("peer_id", peerID),
                ("message", part.text),
                ("random_id", String(VKOutgoingMessage.randomID(messageID: message.messageID, part: index))),
            ]
            if !attachments.isEmpty { parameters.append(("attachment", attachments.joined(separator: ","))) }
            if let groupID = settings.groupID { parameters.append(("group_id", groupID)) }
            if index == layout.parts.count - 1, let keyboard = VKKeyboard.json(message.choices) {
                parameters.append(("keyboard", keyboard))
            }
            do throws(VKCallError) {
                return String(try await api.call("messages.send", parameters, as: Int64.self))
            } catch {
                throw error.deliveryFailure
            }
        }
        return DeliveryReceipt(externalID: sent.first ?? nil)
    }

    /// Downloads a file by the URL VK gave in the event (photos, documents, voice messages expire after a while).
    public func downloadMedia(reference: String, inbox: Inbox) async throws(DeliveryFailure) -> DownloadedMedia {
        guard let url = URL(string: reference), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme)
        else {
            throw .permanent("not a VK media URL")
        }
        var request = HTTPClientRequest(url: reference)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "Switchboard")
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw .temporary("could not reach VK: \(VKAPIClient.describe(error))")
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if status == 429 || status >= 500 { throw .temporary("VK answered HTTP \(status) for the file") }
            throw .permanent("VK no longer serves the file (HTTP \(status))")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.downloadLimit)
        } catch is NIOTooManyBytesError {
            throw .permanent("the file is larger than \(Self.downloadLimit / 1024 / 1024) MB")
        } catch {
            throw .temporary("the download from VK broke off: \(VKAPIClient.describe(error))")
        }
        let type = response.headers.first(name: "content-type").flatMap { $0.isEmpty ? nil : $0 }
        return DownloadedMedia(data: Array(body.readableBytesView), contentType: type)
    }

    /// The Callback API is set up by hand in the community's settings.
    public func registerWebhook(url: String, inbox: Inbox) async -> WebhookRegistration? { nil }

    /// The customer's name from `users.get`; nil when VK does not tell it.
    public func senderProfile(externalID: String, inbox: Inbox) async -> InboundSender? {
        let settings = VKSettings(inbox: inbox)
        guard settings.accessToken != nil, let id = Int64(externalID), id > 0 else { return nil }
        let api = VKAPIClient(httpClient: httpClient, timeout: timeout, settings: settings)
        return await VKUserProfile.fetch(userID: externalID, api: api)
    }
}
