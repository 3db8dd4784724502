import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Delivers replies of `api` (and web form) inboxes to the organization's own system: a JSON POST to
/// the inbox's `callback_url`, signed so the receiver can tell it came from us.
///
/// Config keys read: `callback_url` (http/https), `secret` (HMAC-SHA256 key; the signature is sent as
/// `X-Switchboard-Signature: sha256=<hex of HMAC(body)>`).
public struct CallbackDeliveryConnector: DeliveryConnector {
    let httpClient: HTTPClient
    let policy: OutboundURLPolicy
    let timeout: TimeAmount

    public init(httpClient: HTTPClient, policy: OutboundURLPolicy, timeout: TimeAmount = .seconds(15)) {
        self.httpClient = httpClient
        self.policy = policy
        self.timeout = timeout
    }

    /// One message per reply, so there are no earlier parts to skip: `progress` is not needed.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        guard let url = message.inbox.configString("callback_url") else {
            throw .permanent("the inbox has no callback_url to deliver replies to")
        }
        guard let secret = message.inbox.configString("secret") else {
            throw .permanent("the inbox has no signing secret")
        }
        // Checked again on what the name resolves to now, not only when the URL was saved.
        if let refusal = policy.refusal(of: url, resolving: true) { throw .permanent("the callback_url \(refusal)") }
        let body: [UInt8]
        do {
            body = try Array(Self.encoder.encode(CallbackPayload(message)))
        } catch {
            throw .permanent("could not encode the reply: \(error)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Switchboard")
        request.headers.add(name: "X-Switchboard-Event", value: "message.created")
        request.headers.add(name: "X-Switchboard-Delivery", value: String(message.messageID))
        request.headers.add(name: "X-Switchboard-Signature", value: "sha256=" + Self.signature(body, secret: secret))
        request.body = .bytes(body)

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw .temporary("could not reach the callback URL: \(error)")
        }
        let status = response.status.code
        _ = try? await response.body.collect(upTo: 64 * 1024)
        switch status {
        case 200..<300:
            return DeliveryReceipt(externalID: nil)
        case 408, 425, 429, 500...:
            throw .temporary("the callback URL answered HTTP \(status)")
        default:
            throw .permanent("the callback URL answered HTTP \(status)")
        }
    }

    /// Hex HMAC-SHA256 of the exact body bytes: what receivers recompute to verify a delivery.
    public static func signature(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// The body of a callback: the reply and enough context to route it to the right person on the other side.
struct CallbackPayload: Encodable {
    struct Sender: Encodable {
        var type: String
        var id: Int64?
        var name: String?
    }

    /// A file sent with the reply (a template's PDF), inline so the receiver needs no second request.
    struct AttachmentBody: Encodable {
        var name: String
        var contentType: String
        var size: Int
        var dataBase64: String

        enum CodingKeys: String, CodingKey {
            case name, size
            case contentType = "content_type", dataBase64 = "data_base64"
        }
    }

    struct MessageBody: Encodable {
        var id: Int64
        var conversationID: Int64
        var content: String
        var sender: Sender
        var createdAt: Date
        var attachments: [AttachmentBody]

        enum CodingKeys: String, CodingKey {
            case id, content, sender, attachments
            case conversationID = "conversation_id", createdAt = "created_at"
        }
    }

    struct ContactBody: Encodable {
        var id: Int64
        var name: String
        var externalID: String?
        var email: String?

        enum CodingKeys: String, CodingKey {
            case id, name, email
            case externalID = "external_id"
        }
    }

    struct InboxBody: Encodable {
        var id: Int64
        var uid: String
    }

    var event = "message.created"
    var message: MessageBody
    var contact: ContactBody
    var inbox: InboxBody

    init(_ outbound: OutboundMessage) {
        message = MessageBody(
            id: outbound.messageID, conversationID: outbound.conversationID, content: outbound.content,
            sender: Sender(type: outbound.sender.type.rawValue, id: outbound.sender.id, name: outbound.sender.name),
            createdAt: outbound.createdAt,
            attachments: outbound.attachments.map {
                AttachmentBody(
                    name: $0.name, contentType: $0.contentType, size: $0.data.count,
                    dataBase64: Data($0.data).base64EncodedString()
                )
            }
        )
        contact = ContactBody(
            id: outbound.contactID, name: outbound.contactName, externalID: outbound.recipientExternalID,
            email: outbound.recipientEmail
        )
        inbox = InboxBody(id: outbound.inbox.id, uid: outbound.inbox.uid)
    }
}
