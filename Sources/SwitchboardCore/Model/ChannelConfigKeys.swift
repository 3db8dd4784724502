import Foundation

/// The settings each channel reads from `channel.config`, and what each accepts.
///
/// Checked when an inbox is saved, so a typo (`bot_tokne`), a number where text belongs, or a value the
/// platform would refuse (an empty Viber `auth_token`, a Telegram `secret_token` with a space) is a 422
/// naming the key, instead of an inbox that silently never receives or sends anything. Connectors read
/// the same keys (their settings types document them); channel-specific deeper checks (email servers)
/// stay with the connector.
public enum ChannelConfigKeys {
    public enum Kind: Sendable {
        /// Non-empty text up to 4096 characters.
        case text
        /// Text matching a few characters only, with the message saying which.
        case token(allowed: Set<Character>, length: ClosedRange<Int>, description: String)
        /// An http(s) URL with a host.
        case url
        /// A whole number in a range (also accepted as its digits in a string).
        case integer(ClosedRange<Int>)
        /// Digits only, as a string or a number (platform ids).
        case digits
        /// true or false (also "true"/"false").
        case boolean
    }

    static let letters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// Every key a kind reads, with its kind of value.
    public static func known(for channel: ChannelKind) -> [String: Kind] {
        switch channel {
        case .api:
            ["secret": .text, "callback_url": .url]
        case .webform:
            [
                "secret": .text, "callback_url": .url, "max_file_bytes": .integer(1...(100 * 1024 * 1024)),
                "max_files": .integer(0...20), "honeypot_field": .text, "rate_limit_per_minute": .integer(0...10_000),
                "title": .text, "intro": .text, "thank_you_message": .text,
            ]
        case .email:
            [
                "imap_host": .text, "imap_port": .integer(1...65535), "imap_tls": .text, "imap_username": .text,
                "imap_password": .text, "imap_mailbox": .text, "poll_interval_seconds": .integer(1...86_400),
                "max_message_bytes": .integer(1024...(100 * 1024 * 1024)), "smtp_host": .text,
                "smtp_port": .integer(1...65535), "smtp_tls": .text, "smtp_username": .text, "smtp_password": .text,
                "from_address": .text, "from_name": .text, "ca_file": .text, "account_default": .boolean,
            ]
        case .telegram:
            [
                "bot_token": .text,
                "secret_token": .token(allowed: letters.union("_-"), length: 1...256, description: "1 to 256 characters A-Z, a-z, 0-9, _ and -"),
                "api_base_url": .url,
            ]
        case .whatsapp:
            ["phone_number_id": .text, "access_token": .text, "app_secret": .text, "verify_token": .text, "api_base_url": .url]
        case .viber:
            ["auth_token": .text, "bot_name": .text, "bot_avatar": .url, "api_base_url": .url]
        case .vk:
            ["group_id": .digits, "access_token": .text, "secret": .text, "confirmation_code": .text, "api_base_url": .url]
        case .phone:
            // Numbers the provider sends without a country code (0671234567) get this one (380).
            ["default_country_code": .token(allowed: Set("0123456789"), length: 1...3, description: "a country calling code, 1 to 3 digits (380)")]
        }
    }

    /// What is wrong with `config` for `channel`, each error naming `channel.config.<key>`. A `null` value
    /// (removing a key in a PATCH) is not checked here.
    public static func problems(_ config: [String: JSONValue], for channel: ChannelKind) -> [FieldError] {
        let known = known(for: channel)
        var errors: [FieldError] = []
        for (key, value) in config.sorted(by: { $0.key < $1.key }) where value != .null {
            let field = "channel.config.\(key.count > 64 ? String(key.prefix(64)) + "…" : key)"
            guard let kind = known[key] else {
                errors.append(FieldError(field: field, message: "is not a setting of \(channel.rawValue) inboxes; they read \(known.keys.sorted().joined(separator: ", "))"))
                continue
            }
            if let message = problem(value, kind) { errors.append(FieldError(field: field, message: message)) }
        }
        return errors
    }

    public static func problem(_ value: JSONValue, _ kind: Kind) -> String? {
        switch kind {
        case .text:
            guard case .string(let text) = value else { return "must be text" }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "must not be empty" }
            if text.count > 4096 { return "must be at most 4096 characters" }
            return nil
        case .token(let allowed, let length, let description):
            guard case .string(let text) = value, length.contains(text.count), text.allSatisfy(allowed.contains) else {
                return "must be \(description)"
            }
            return nil
        case .url:
            guard case .string(let text) = value, text.count <= 2048, let url = URL(string: text),
                ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false
            else { return "must be an http or https URL" }
            return nil
        case .integer(let range):
            let number: Double? =
                switch value {
                case .number(let number): number
                case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
                default: nil
                }
            guard let number, number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        case .digits:
            let text: String? =
                switch value {
                case .string(let text): text
                case .number(let number) where number >= 0 && number.rounded() == number && number < 1e18: String(Int64(number))
                default: nil
                }
            guard let text, (1...32).contains(text.count), text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
                return "must be the platform's numeric id (digits only)"
            }
            return nil
        case .boolean:
            switch value {
            case .bool: return nil
            case .string(let text) where text == "true" || text == "false": return nil
            default: return "must be true or false"
            }
        }
    }
}
