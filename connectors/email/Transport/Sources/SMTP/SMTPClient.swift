import Logging
import NIOPosix

/// Hands finished messages to an SMTP server through libcurl, for the email outbox.
///
/// Each send blocks a thread of `threadPool` (never an event loop) on a connection of its own.
/// Failures come back sorted for the outbox: `.temporary` (4xx) and `.connection` are worth a
/// retry, `.rejected` (5xx) carries the server's own text for the failed message.
public struct SMTPClient: Sendable {
    public let server: MailServer
    let transport: MailTransport
    let logger: Logger

    public init(
        server: MailServer, threadPool: NIOThreadPool, logger: Logger = Logger(label: "switchboard.email.smtp")
    ) {
        self.server = server
        self.transport = MailTransport(server: server, threadPool: threadPool, idleConnections: 0)
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(server.urlHost):\(server.port)"
        self.logger = logger
    }

    /// Sends `message` (a complete RFC 5322 message; bare line feeds become CRLF) from `from` to
    /// `recipients`, greeting the server with `EHLO heloDomain` (the From address's domain is a
    /// good choice: some servers check it). Any refused recipient fails the whole send.
    public func send(
        from: String, recipients: [String], message: [UInt8], heloDomain: String
    ) async throws(MailError) {
        guard !recipients.isEmpty else { throw .protocolError("a message needs at least one recipient") }
        try Self.checkAddress(from, role: "sender", allowEmpty: true)
        for recipient in recipients { try Self.checkAddress(recipient, role: "recipient", allowEmpty: false) }
        guard Self.isValidHeloDomain(heloDomain) else {
            throw .protocolError("“\(heloDomain)” cannot be used as the EHLO name")
        }

        let scheme = server.security == .implicit ? "smtps" : "smtp"
        let request = CurlRequest(
            service: .smtp,
            url: "\(scheme)://\(server.urlHost):\(server.port)/\(IMAPEncoding.urlPathSegment(heloDomain))",
            upload: Self.withCRLF(message), mailFrom: from, recipients: recipients, freshConnection: true
        )
        let response = try await transport.runChecked(request)
        logger.debug(
            "smtp sent",
            metadata: [
                "recipients": "\(recipients.count)", "bytes": "\(message.count)", "reply": "\(response.responseCode)",
            ]
        )
    }

    /// Addresses go into `MAIL FROM:<…>` and `RCPT TO:<…>` as they are: nothing that could end
    /// the command or the brackets.
    static func checkAddress(_ address: String, role: String, allowEmpty: Bool) throws(MailError) {
        if address.isEmpty && allowEmpty { return }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", " ", "\t", "\r", "\n", "\0"]
        guard !address.isEmpty, address.utf8.count <= 320,
            !address.unicodeScalars.contains(where: { forbidden.contains($0) || $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw .protocolError("“\(address)” is not a valid \(role) address")
        }
    }

    /// A host name or an address literal such as `[192.0.2.1]`.
    static func isValidHeloDomain(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || ".-_[]:".unicodeScalars.contains(scalar)
            }
    }

    /// SMTP lines end in CRLF: a bare LF becomes CRLF, everything else stays as it is.
    static func withCRLF(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 40)
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            output.append(byte)
            previous = byte
        }
        return output
    }
}
