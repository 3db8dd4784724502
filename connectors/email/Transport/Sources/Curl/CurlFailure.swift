import CCurl

extension CurlResponse {
    /// The failure as a `MailError`, with the server's own words where it said something and
    /// libcurl's otherwise. `secret` (the password) is masked wherever it might appear.
    func mailError(service: CurlRequest.Service, secret: String) -> MailError {
        let error = classify(service: service)
        return secret.count >= 3 ? error.masking(secret) : error
    }

    private func classify(service: CurlRequest.Service) -> MailError {
        if cancelled { return .connection("the operation was cancelled") }
        let code = CURLcode(rawValue: result)
        // An SMTP reply explains a failure only when it is one (not the EHLO before a failed AUTH).
        let reply = service == .smtp ? (responseCode >= 400 ? smtpReply(code: responseCode) : nil) : imapReply
        let detail = reply ?? errorText

        switch code {
        case CURLE_LOGIN_DENIED where service == .imap && errorText.hasPrefix("Select failed"):
            // libcurl reports a refused SELECT (no such mailbox, no rights) as a refused login.
            return .protocolError("cannot open the mailbox: \(reply ?? errorText)")
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            // RFC 5530: a login refused for now (too many connections, server busy) is no wrong password.
            if service == .imap, let reply, Self.temporaryIMAPCodes.contains(where: { reply.hasPrefix($0) }) {
                return .connection(reply)
            }
            return .authentication(detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
            CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_AGAIN:
            return .connection(errorText)
        case CURLE_SSL_CONNECT_ERROR:
            return .connection("TLS handshake failed (is this the server's TLS port?): \(errorText)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls(errorText)
        case CURLE_USE_SSL_FAILED:
            return .tls("the server does not offer STARTTLS (\(errorText))")
        default:
            break
        }

        if service == .smtp {
            switch responseCode {
            case 530, 534, 535, 538:
                return .authentication(detail)
            case 400..<500:
                return .temporary(code: responseCode, text: detail)
            case 500..<600:
                return .rejected(code: responseCode, text: detail)
            default:
                break
            }
        }
        switch code {
        case CURLE_SEND_ERROR:
            return .connection(errorText)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .protocolError("this libcurl cannot speak \(service == .imap ? "IMAP" : "SMTP"): \(errorText)")
        default:
            return .protocolError(reply ?? errorText)
        }
    }

    private static let temporaryIMAPCodes = ["[LIMIT]", "[UNAVAILABLE]", "[INUSE]", "[SERVERBUG]"]

    /// The text of the server's last reply with this code; multi-line replies joined by spaces.
    func smtpReply(code: Int) -> String? {
        guard (200..<600).contains(code) else { return nil }
        let prefix = String(code)
        var parts: [String] = []
        for line in serverLines.reversed() {
            guard line.hasPrefix(prefix) else {
                if parts.isEmpty { continue } else { break }
            }
            let rest = line.dropFirst(prefix.count)
            if !parts.isEmpty && rest.first == " " { break }
            parts.append(rest.dropFirst().trimmingSpaces)
        }
        let text = parts.reversed().joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The text of the last tagged IMAP refusal (`A005 NO [AUTHENTICATIONFAILED] Authentication failed.`
    /// becomes `[AUTHENTICATIONFAILED] Authentication failed.`), else of a `* BYE` the server sent
    /// on its own (not the one answering libcurl's LOGOUT, which a tagged OK follows).
    var imapReply: String? {
        var goodbye: String?
        var loggedOut = false
        for line in serverLines.reversed() {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count >= 2 else { continue }
            let tagged = words[0] != "*" && words[0] != "+"
            let status = words[1].uppercased()
            let text = words.count > 2 ? words[2].trimmingSpaces : status
            if tagged && (status == "NO" || status == "BAD") { return text }
            if tagged && status == "OK" && goodbye == nil { loggedOut = true }
            if !tagged && status == "BYE" && goodbye == nil && !loggedOut { goodbye = text }
        }
        return goodbye
    }
}

extension MailError {
    func masking(_ secret: String) -> MailError {
        func mask(_ text: String) -> String { text.replacing(secret, with: "•••") }
        switch self {
        case .authentication(let text): return .authentication(mask(text))
        case .connection(let text): return .connection(mask(text))
        case .tls(let text): return .tls(mask(text))
        case .rejected(let code, let text): return .rejected(code: code, text: mask(text))
        case .temporary(let code, let text): return .temporary(code: code, text: mask(text))
        case .protocolError(let text): return .protocolError(mask(text))
        case .insecure(let text): return .insecure(mask(text))
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
