/// Why a message was written by a machine rather than a person.
///
/// Automated mail is stored like any other, but it must never trigger an automated answer: two auto-responders
/// answering each other is a mail loop. The reason names the header or part that gave it away, for the log and
/// for agents wondering why no auto-reply went out.
public enum AutomatedMailKind: Sendable, Equatable {
    /// Out-of-office and other auto-responses.
    case autoReply(reason: String)
    /// Delivery status notifications: the mail we sent did not arrive.
    case bounce(reason: String)
    /// Mailing lists, newsletters and other bulk mail.
    case bulk(reason: String)

    public var reason: String {
        switch self {
        case .autoReply(let reason), .bounce(let reason), .bulk(let reason): reason
        }
    }
}

/// Recognises automated mail from its headers and structure (RFC 3834, RFC 3464 and common practice).
enum AutomationDetector {
    static func detect(headers: RawHeaders, from: EmailAddress?, root: MIMEEntity) -> AutomatedMailKind? {
        bounce(headers: headers, from: from, root: root) ?? autoReply(headers) ?? bulk(headers)
    }

    private static func bounce(headers: RawHeaders, from: EmailAddress?, root: MIMEEntity) -> AutomatedMailKind? {
        if root.mediaType == "multipart/report",
            root.contentType.parameter("report-type")?.lowercased() == "delivery-status"
        {
            return .bounce(reason: "multipart/report; report-type=delivery-status")
        }
        var statusPart: String?
        root.forEach { entity in
            if statusPart == nil,
                entity.mediaType == "message/delivery-status" || entity.mediaType == "message/global-delivery-status"
            {
                statusPart = entity.mediaType
            }
        }
        if let statusPart { return .bounce(reason: "\(statusPart) part") }
        if let local = from?.address.split(separator: "@").first?.lowercased(),
            local == "mailer-daemon" || local == "postmaster"
        {
            return .bounce(reason: "sender \(from?.address ?? local)")
        }
        return nil
    }

    private static func autoReply(_ headers: RawHeaders) -> AutomatedMailKind? {
        if let value = headers.plain("Auto-Submitted"), !value.isEmpty, !value.lowercased().hasPrefix("no") {
            return .autoReply(reason: "Auto-Submitted: \(value)")
        }
        if let value = headers.plain("X-Autoreply"), !isNegative(value) {
            return .autoReply(reason: "X-Autoreply: \(value)")
        }
        if let value = headers.plain("X-Autorespond"), !isNegative(value) {
            return .autoReply(reason: "X-Autorespond: \(value)")
        }
        if let value = headers.plain("X-Auto-Response-Suppress") {
            let flags = value.lowercased().split(whereSeparator: { $0 == "," || $0 == " " })
            if flags.contains("all") || flags.contains("oof") {
                return .autoReply(reason: "X-Auto-Response-Suppress: \(value)")
            }
        }
        if let precedence = headers.plain("Precedence")?.lowercased(), precedence == "auto_reply" {
            return .autoReply(reason: "Precedence: auto_reply")
        }
        if let returnPath = headers.plain("Return-Path"), returnPath == "<>" {
            return .autoReply(reason: "empty Return-Path")
        }
        return nil
    }

    private static func bulk(_ headers: RawHeaders) -> AutomatedMailKind? {
        if let precedence = headers.plain("Precedence")?.lowercased(), ["bulk", "list", "junk"].contains(precedence) {
            return .bulk(reason: "Precedence: \(precedence)")
        }
        if let listID = headers.plain("List-Id") { return .bulk(reason: "List-Id: \(listID)") }
        if headers.first("List-Unsubscribe") != nil { return .bulk(reason: "List-Unsubscribe") }
        return nil
    }

    private static func isNegative(_ value: String) -> Bool {
        ["no", "false", "0"].contains(value.lowercased())
    }
}
