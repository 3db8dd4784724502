/// Where a mailbox or a relay lives and how to log in to it, as an inbox's `channel.config` gives it.
///
/// It exists so that every rule about a connection is checked once, when the settings are read:
/// an unencrypted connection is refused unless it stays on this machine, certificates are always
/// verified (against `caFile` when one is given), and the password never shows up in a
/// description, a log line or an error.
public struct MailServer: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable, CaseIterable {
        /// TLS from the first byte (IMAPS on 993, SMTPS on 465).
        case implicit
        /// A plain connection upgraded with STARTTLS before logging in; refused if the server cannot.
        case starttls
        /// No encryption at all: accepted only for loopback hosts.
        case none
    }

    public let host: String
    public let port: Int
    public let security: Security
    /// The login; empty means no login (an SMTP relay that trusts its network).
    public let username: String
    public let password: String
    /// A PEM file of certificate authorities to trust in addition to the system's.
    public let caFile: String?
    /// How long to wait for a connection and for each answer of the server.
    public let timeout: Duration

    /// Checks the settings.
    /// - Throws: `MailError.insecure` for `.none` on a host other than 127.0.0.1, ::1 or localhost;
    ///   `MailError.protocolError` for a host or port that cannot be a server's.
    public init(
        host: String, port: Int, security: Security, username: String, password: String,
        caFile: String? = nil, timeout: Duration = .seconds(30)
    ) throws(MailError) {
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard Self.isValidHost(host) else {
            throw .protocolError("“\(host)” is not a valid mail server host name")
        }
        guard (1...65535).contains(port) else {
            throw .protocolError("\(port) is not a valid port (1-65535)")
        }
        if security == .none && !Self.isLoopback(host) {
            throw .insecure(
                "an unencrypted connection to \(host) would expose the password and the mail; "
                    + "use implicit TLS or STARTTLS (unencrypted is allowed for 127.0.0.1, ::1 and localhost only)"
            )
        }
        guard timeout > .zero else {
            throw .protocolError("the timeout must be positive")
        }
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
    }

    /// True for the names that can only mean this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.first == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// A host name, an IPv4 address or an IPv6 address: nothing that could change the URL around it.
    static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        if host.contains(":") {
            return host.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == ":" || $0 == "." }
        }
        return host.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// The host as it goes into a URL: IPv6 addresses in brackets.
    var urlHost: String { host.contains(":") ? "[\(host)]" : host }
}

extension MailServer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `agent@example.org@imap.example.org:993 (implicit TLS)`, never the password.
    public var description: String {
        let login = username.isEmpty ? "" : "\(username)@"
        return "\(login)\(urlHost):\(port) (\(security.label))"
    }

    public var debugDescription: String { "MailServer(\(description))" }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "security": security, "username": username, "password": "<hidden>",
                "caFile": caFile as Any, "timeout": timeout,
            ]
        )
    }
}

extension MailServer.Security {
    var label: String {
        switch self {
        case .implicit: "implicit TLS"
        case .starttls: "STARTTLS"
        case .none: "unencrypted"
        }
    }
}
