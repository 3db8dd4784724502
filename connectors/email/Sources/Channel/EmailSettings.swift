import EmailTransport
import Foundation
import SwitchboardCore

/// An email inbox's `channel.config`, read and checked in one place.
///
/// The API checks a config with `errors(in:)` before saving it, so a poller or a reply never meets
/// settings it cannot use; both still read them through `init(config:)`, which throws the same
/// first problem in an administrator's words.
struct EmailSettings: Sendable {
    var imap: MailServer
    var mailbox: String
    var pollInterval: Duration
    var maxMessageBytes: Int
    var smtp: MailServer?
    var from: EmailAddress

    static let defaultPollSeconds = 60
    static let defaultMaxMessageBytes = 25 * 1024 * 1024

    init(config: [String: JSONValue]) throws(MailboxFailure) {
        let reader = ConfigReader(config: config)
        if let first = reader.errors.first { throw MailboxFailure("\(first.field) \(first.message)") }
        guard let imap = reader.imap, let from = reader.from else { throw MailboxFailure("the email settings are incomplete") }
        self.imap = imap
        self.mailbox = reader.string("imap_mailbox") ?? "INBOX"
        self.pollInterval = .seconds(reader.int("poll_interval_seconds") ?? Self.defaultPollSeconds)
        self.maxMessageBytes = reader.int("max_message_bytes") ?? Self.defaultMaxMessageBytes
        self.smtp = reader.smtp
        self.from = from
    }

    /// Every problem of a config, each naming its key.
    static func errors(in config: [String: JSONValue]) -> [FieldError] {
        ConfigReader(config: config).errors
    }
}

/// Reads the keys one by one, collecting what is wrong instead of stopping at the first problem.
private struct ConfigReader {
    let config: [String: JSONValue]
    var errors: [FieldError] = []
    var imap: MailServer?
    var smtp: MailServer?
    var from: EmailAddress?

    init(config: [String: JSONValue]) {
        self.config = config
        for key in ["poll_interval_seconds", "max_message_bytes", "imap_port", "smtp_port"] where config[key] != nil && int(key) == nil {
            fail(key, "must be a whole number")
        }
        if let seconds = int("poll_interval_seconds"), !(1...86_400).contains(seconds) {
            fail("poll_interval_seconds", "must be between 1 and 86400")
        }
        if let bytes = int("max_message_bytes"), !(1024...(100 * 1024 * 1024)).contains(bytes) {
            fail("max_message_bytes", "must be between 1024 and 104857600")
        }
        if let mailbox = string("imap_mailbox"), mailbox.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            fail("imap_mailbox", "must not contain control characters")
        }
        imap = server("imap", defaultPorts: (implicit: 993, plain: 143), required: true)
        if string("smtp_host") != nil { smtp = server("smtp", defaultPorts: (implicit: 465, plain: 587), required: false) }
        if let address = string("from_address") {
            if let parsed = EmailAddress.parse(address), parsed.address.contains("@"), !parsed.address.contains(" ") {
                from = EmailAddress(name: string("from_name"), address: parsed.address)
            } else {
                fail("from_address", "must be an email address such as help@example.org")
            }
        } else if let username = string("imap_username"), let parsed = EmailAddress.parse(username), username.contains("@") {
            from = EmailAddress(name: string("from_name"), address: parsed.address)
        } else {
            fail("from_address", "is required (the address customers write to and replies come from)")
        }
        if let file = string("ca_file"), !Self.isCertificateFile(file) {
            fail("ca_file", "must be the absolute path of a readable PEM file of CA certificates on the server")
        }
        if let value = config["account_default"], value.stringValue != "true" && value.stringValue != "false" {
            fail("account_default", "must be true or false")
        }
    }

    /// Whether `path` names a PEM certificate bundle. Only that is ever read, and the answer is the same for
    /// a missing file and for any other file (`/etc/shadow`), so the setting cannot be used to probe the server.
    static func isCertificateFile(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.contains("\0"), !path.split(separator: "/").contains(".."),
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64 * 1024) else { return false }
        return String(decoding: head, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
    }

    func string(_ key: String) -> String? {
        guard let value = config[key]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ key: String) -> Int? {
        string(key).flatMap { Int($0) }
    }

    mutating func fail(_ key: String, _ message: String) {
        errors.append(FieldError(field: "channel.config.\(key)", message: message))
    }

    mutating func server(_ prefix: String, defaultPorts: (implicit: Int, plain: Int), required: Bool) -> MailServer? {
        guard let host = string("\(prefix)_host") else {
            if required { fail("\(prefix)_host", "is required") }
            return nil
        }
        let security: MailServer.Security
        switch string("\(prefix)_tls") ?? "implicit" {
        case "implicit": security = .implicit
        case "starttls": security = .starttls
        case "none": security = .none
        default:
            fail("\(prefix)_tls", "must be implicit, starttls or none")
            return nil
        }
        let port = int("\(prefix)_port") ?? (security == .implicit ? defaultPorts.implicit : defaultPorts.plain)
        do {
            return try MailServer(
                host: host, port: port, security: security, username: string("\(prefix)_username") ?? "",
                password: config["\(prefix)_password"]?.stringValue ?? "", caFile: string("ca_file")
            )
        } catch {
            switch error {
            case .insecure: fail("\(prefix)_tls", "none is allowed for 127.0.0.1, ::1 and localhost only; use implicit or starttls")
            default: fail((1...65535).contains(port) ? "\(prefix)_host" : "\(prefix)_port", "\(error)")
            }
            return nil
        }
    }
}
