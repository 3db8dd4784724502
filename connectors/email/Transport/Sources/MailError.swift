/// Why talking to a mail server failed, sorted by what the caller should do about it.
///
/// Pollers show `description` as the inbox's health message; the outbox retries what
/// `isRetryable` says and marks the rest failed with the server's own words. No case ever
/// carries a password.
public enum MailError: Error, Sendable, Equatable {
    /// The server refused the login: wrong user or password, or a login it does not allow.
    case authentication(String)
    /// The server could not be reached or went away: refused, unreachable, timed out, reset.
    case connection(String)
    /// The server's certificate could not be trusted, or it cannot do the TLS we require.
    case tls(String)
    /// A permanent SMTP refusal (5xx) with the server's own text.
    case rejected(code: Int, text: String)
    /// A temporary SMTP refusal (4xx) with the server's own text.
    case temporary(code: Int, text: String)
    /// The server answered something we cannot use, or refused an IMAP command.
    case protocolError(String)
    /// The settings ask for something unsafe, such as an unencrypted connection to another host.
    case insecure(String)

    /// True when the same request may succeed later without anyone changing the settings.
    public var isRetryable: Bool {
        switch self {
        case .connection, .temporary: true
        case .authentication, .tls, .rejected, .protocolError, .insecure: false
        }
    }
}

extension MailError: CustomStringConvertible {
    /// One sentence for an administrator, such as
    /// “The mail server rejected the message (550): 5.1.1 mailbox unavailable”.
    public var description: String {
        switch self {
        case .authentication(let text): "The mail server refused the login: \(text)"
        case .connection(let text): "Cannot reach the mail server: \(text)"
        case .tls(let text): "Secure connection to the mail server failed: \(text)"
        case .rejected(let code, let text): "The mail server rejected the message (\(code)): \(text)"
        case .temporary(let code, let text): "The mail server deferred the message (\(code)): \(text)"
        case .protocolError(let text): "Unexpected answer from the mail server: \(text)"
        case .insecure(let text): "Refusing an insecure mail connection: \(text)"
        }
    }
}
