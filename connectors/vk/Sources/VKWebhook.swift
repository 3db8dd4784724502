import Foundation
import SwitchboardCore

/// Verifies and reads one Callback API call.
///
/// VK's proof travels inside the body: the `secret` field must equal the inbox's `secret`. Only the
/// envelope (`secret`, `type`, `group_id`) is read before that comparison; the event itself after it.
/// The one exception is `confirmation`, which some setups send without a secret: it is answered with
/// the confirmation code when its `group_id` is this inbox's community.
enum VKWebhook {
    /// Peer ids from this value up are group chats (`2000000000 + chat_id`).
    static let firstChatPeerID: Int64 = 2_000_000_000

    static func handle(_ request: ChannelRequest, settings: VKSettings, receivedAt: Date) throws -> WebhookOutcome {
        guard let envelope = try? JSONDecoder().decode(VKEnvelope.self, from: Data(request.body)) else {
            throw SwitchboardError.unauthorized("the VK callback carries no secret")
        }
        let secretMatches = ConstantTime.equals(envelope.secret, settings.secret)

        if envelope.type == "confirmation" {
            return try confirm(envelope, secretMatches: secretMatches, settings: settings)
        }
        guard envelope.secret != nil else {
            throw SwitchboardError.unauthorized("the VK callback carries no secret")
        }
        guard secretMatches else {
            throw SwitchboardError.unauthorized("the VK callback's secret does not match the inbox's secret key")
        }

        let callback: VKCallback
        do {
            callback = try JSONDecoder().decode(VKCallback.self, from: Data(request.body))
        } catch {
            return WebhookOutcome(items: [.unreadableBody(request.body, reason: "the VK callback is not a JSON object")])
        }
        if let configured = settings.groupID, let groupID = callback.groupID, groupID != configured {
            return WebhookOutcome(items: [.ignored("event for community \(groupID), not this inbox's \(configured)")])
        }
        let rawPayload = String(decoding: request.body, as: UTF8.self)
        return WebhookOutcome(items: [item(for: callback, rawPayload: rawPayload, receivedAt: receivedAt)])
    }

    /// Answers `confirmation` with the configured code when the call is for this inbox's community.
    static func confirm(_ envelope: VKEnvelope, secretMatches: Bool, settings: VKSettings) throws -> WebhookOutcome {
        if envelope.secret != nil, !secretMatches {
            throw SwitchboardError.unauthorized("the VK callback's secret does not match the inbox's secret key")
        }
        guard let configured = settings.groupID, let groupID = envelope.groupID,
            ConstantTime.equals(groupID, configured)
        else {
            throw SwitchboardError.unauthorized("the VK confirmation is not for this inbox's community")
        }
        guard let code = settings.confirmationCode else {
            throw SwitchboardError.forbidden("the inbox has no confirmation_code to answer VK's confirmation with")
        }
        return WebhookOutcome(items: [], response: WebhookResponse(body: code))
    }

    static func item(for callback: VKCallback, rawPayload: String, receivedAt: Date) -> WebhookItem {
        switch callback.type {
        case "message_new":
            guard let message = callback.message else {
                return .skipped(
                    SkippedPayload(
                        .unreadable, reason: "message_new without a readable message", externalID: callback.eventID,
                        payload: rawPayload
                    )
                )
            }
            return newMessage(message, eventID: callback.eventID, rawPayload: rawPayload, receivedAt: receivedAt)
        case "message_edit":
            guard let message = callback.message else { return .ignored("message_edit without a readable message") }
            return edit(message)
        case "message_reply":
            return .ignored("echo of a community message")
        case "message_allow":
            guard let userID = callback.userID else { return .ignored("message_allow without a user_id") }
            return .reachability(
                senderExternalID: userID, reachable: true, reason: "allowed messages from the community")
        case "message_deny":
            guard let userID = callback.userID else { return .ignored("message_deny without a user_id") }
            return .reachability(
                senderExternalID: userID, reachable: false, reason: "disallowed messages from the community")
        case "message_typing_state":
            return .ignored("typing")
        case let type?:
            return .ignored("VK event \(type) is not handled")
        case nil:
            return .ignored("VK event without a type")
        }
    }

    static func newMessage(_ message: VKMessage, eventID: String?, rawPayload: String, receivedAt: Date) -> WebhookItem
    {
        if message.peerID >= firstChatPeerID { return .ignored("group chat messages are not supported") }
        if message.out == 1 { return .ignored("echo of a community message") }
        guard message.fromID > 0 else { return .ignored("message from a community, not a person") }
        guard let externalID = externalID(of: message, eventID: eventID) else {
            return .skipped(
                SkippedPayload(
                    .unreadable, reason: "message_new without conversation_message_id, event_id or id", payload: rawPayload
                )
            )
        }
        let content = VKMessageContent(message)
        return .message(
            InboundEvent(
                externalID: externalID,
                sender: InboundSender(externalID: String(message.fromID)),
                content: content.content,
                attachments: content.attachments,
                sentAt: message.date.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? receivedAt,
                rawPayload: rawPayload
            ))
    }

    /// An edit of the customer's own message names it as its `message_new` did; the community's edits
    /// of its replies are echoes.
    static func edit(_ message: VKMessage) -> WebhookItem {
        guard message.out != 1, message.fromID > 0 else { return .ignored("echo of a community message") }
        if message.peerID >= firstChatPeerID { return .ignored("group chat messages are not supported") }
        guard let number = message.conversationMessageID, number > 0 else {
            return .ignored("message_edit without conversation_message_id")
        }
        return .edit(
            externalID: "vk:\(message.peerID):\(number)", content: VKMessageContent(message).content,
            editedAt: message.updateTime.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    /// `vk:<peer_id>:<conversation_message_id>`, else the event id, else (older API versions, which send
    /// neither) the community's message id: each is the same when VK redelivers.
    static func externalID(of message: VKMessage, eventID: String?) -> String? {
        if let number = message.conversationMessageID, number > 0 { return "vk:\(message.peerID):\(number)" }
        if let eventID { return eventID }
        if let id = message.id, id > 0 { return "vk:message:\(id)" }
        return nil
    }
}
