import CCurl

/// What one libcurl transfer should do: an IMAP command, a message download or an SMTP send.
struct CurlRequest: Sendable {
    enum Service: Sendable {
        case imap
        case smtp
    }

    var service: Service
    /// `imap://host:port/MAILBOX`, `…/MAILBOX/;UID=n`, `smtp://host:port/heloDomain`.
    var url: String
    /// An IMAP command sent as is after login (and SELECT when the URL names a mailbox).
    var customRequest: String? = nil
    /// Bytes to upload: the message of an SMTP send.
    var upload: [UInt8]? = nil
    var mailFrom: String? = nil
    var recipients: [String] = []
    /// The transfer stops once the body grows past this many bytes.
    var bodyLimit: Int? = nil
    /// A new connection, closed afterwards, instead of one kept from earlier transfers.
    var freshConnection = false
}

/// What came back from one transfer, successful or not.
struct CurlResponse: Sendable {
    /// libcurl's result (`CURLcode`'s raw value).
    var result: UInt32
    /// The last numeric reply of an SMTP server (250, 550…); not meaningful for IMAP.
    var responseCode: Int
    /// The message (a download) or the untagged responses of a custom IMAP command.
    var body: [UInt8]
    /// The last lines the server sent, newest last, line endings removed.
    var serverLines: [String]
    /// libcurl's own explanation of a failure.
    var errorText: String
    var exceededBodyLimit: Bool
    var cancelled: Bool
    /// Connections opened for this transfer: 0 when it ran on one kept from before.
    var newConnections = 0

    var succeeded: Bool { result == CURLE_OK.rawValue }

    /// A kept connection that broke (the server hung up meanwhile, or flooded it with updates
    /// libcurl will not take): the same request on a new connection may well succeed.
    var brokeKeptConnection: Bool {
        !cancelled && newConnections == 0
            && [CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING].contains { $0.rawValue == result }
    }

    static func failure(_ code: CURLcode, _ text: String) -> CurlResponse {
        CurlResponse(
            result: code.rawValue, responseCode: 0, body: [], serverLines: [], errorText: text,
            exceededBodyLimit: false, cancelled: false
        )
    }

    /// The body split into lines, line endings removed.
    var bodyLines: [String] {
        body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { line in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return String(decoding: trimmed, as: UTF8.self)
        }
    }
}
