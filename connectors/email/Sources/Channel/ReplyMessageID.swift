import Crypto
import Foundation

/// The Message-ID of a reply we send: `sb.<conversation>.<message>.<token>@<domain>`.
///
/// It names the conversation so anyone reading raw headers can tell where a reply belongs, and the
/// same reply always gets the same id (a retried send is recognisably one message). The token, keyed
/// with the inbox's secret uid, makes ids impossible to guess, so nobody can write a header that
/// drops their mail into a stranger's conversation.
enum ReplyMessageID {
    static func make(conversationID: Int64, messageID: Int64, key: String, domain: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(conversationID).\(messageID)".utf8), using: SymmetricKey(data: Data(key.utf8))
        )
        let token = mac.prefix(8).map { String(format: "%02x", $0) }.joined()
        return "sb.\(conversationID).\(messageID).\(token)@\(domain)"
    }
}
