import Testing

@testable import EmailTransport

/// How commands are written and answers read, on lines servers really send.
@Suite("IMAP protocol text")
struct IMAPProtocolTests {
    @Test("mailbox names are written in modified UTF-7")
    func modifiedUTF7() {
        #expect(IMAPEncoding.modifiedUTF7("INBOX") == "INBOX")
        #expect(IMAPEncoding.modifiedUTF7("Входящие") == "&BBIERQQ+BDQETwRJBDgENQ-")
        #expect(IMAPEncoding.modifiedUTF7("Support & Sales") == "Support &- Sales")
        #expect(IMAPEncoding.modifiedUTF7("Заявки/2025") == "&BBcEMARPBDIEOgQ4-/2025")
        #expect(IMAPEncoding.modifiedUTF7("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
    }

    @Test("names are quoted for commands and percent-encoded for URLs")
    func quotingAndURLs() {
        #expect(IMAPEncoding.quoted(#"Sent "old" \ archive"#) == #""Sent \"old\" \\ archive""#)
        #expect(IMAPEncoding.urlPathSegment("INBOX") == "INBOX")
        #expect(IMAPEncoding.urlPathSegment("&BBIERQ-/a b;UID=1") == "%26BBIERQ-%2Fa%20b%3BUID%3D1")
    }

    @Test("UID sets collapse runs")
    func uidSets() {
        #expect(IMAPEncoding.uidSet([9, 1, 2, 3, 7, 10, 2]) == "1:3,7,9:10")
        #expect(IMAPEncoding.uidSet([42]) == "42")
        #expect(IMAPEncoding.uidSet([UInt32.max - 1, UInt32.max]) == "4294967294:4294967295")
    }

    @Test("STATUS answers are read whatever the mailbox is called")
    func statusLines() {
        let lines = [
            "* OK [ALERT] unrelated",
            #"* STATUS "Sent (old)" (MESSAGES 17 UIDNEXT 230 UIDVALIDITY 1700000001)"#,
        ]
        #expect(
            IMAPResponseParser.status(lines) == MailboxStatus(uidValidity: 1_700_000_001, uidNext: 230, messages: 17)
        )
        #expect(IMAPResponseParser.status(["* STATUS INBOX (MESSAGES 3)"]) == nil)
        #expect(IMAPResponseParser.status(["* STATUS INBOX (MESSAGES 3 UIDVALIDITY"]) == nil)
    }

    @Test("SEARCH answers are read and unrelated lines skipped")
    func searchLines() {
        #expect(IMAPResponseParser.search(["* 4 EXISTS", "* SEARCH 2 3 17", "* SEARCH"]) == [2, 3, 17])
        #expect(IMAPResponseParser.search(["* SEARCH x 5"]) == [5])
    }

    @Test("FETCH answers give size and flags by UID; unsolicited and broken lines are skipped")
    func fetchLines() {
        let lines = [
            #"* 1 FETCH (UID 10 RFC822.SIZE 353 FLAGS (\Seen $Forwarded))"#,
            "* 2 FETCH (FLAGS (\\Recent) UID 11 RFC822.SIZE 9000)",
            "* 3 FETCH (FLAGS (\\Seen))",
            "* 4 FETCH (UID 13 RFC822.SIZE",
            "* 5 FETCH UID 14",
            "* 12 EXPUNGE",
        ]
        let parsed = IMAPResponseParser.summaries(lines)
        #expect(parsed[10] == FetchedAttributes(uid: 10, size: 353, flags: ["\\Seen", "$Forwarded"]))
        #expect(parsed[11] == FetchedAttributes(uid: 11, size: 9000, flags: ["\\Recent"]))
        #expect(parsed.count == 2)
    }

    @Test("a summary knows whether the message was read")
    func seenFlag() {
        #expect(MessageSummary(uid: 1, size: 1, flags: ["\\Seen"]).isSeen)
        #expect(MessageSummary(uid: 1, size: 1, flags: ["\\SEEN"]).isSeen)
        #expect(!MessageSummary(uid: 1, size: 1, flags: ["\\Recent", "Seen"]).isSeen)
    }

    @Test("server replies become the error text")
    func replyText() {
        let smtp = CurlResponse(
            result: 55, responseCode: 550,
            body: [],
            serverLines: ["250 OK", "550-5.1.1 mailbox unavailable", "550 5.1.1 see https://example.org/550"],
            errorText: "RCPT failed: 550", exceededBodyLimit: false, cancelled: false
        )
        #expect(smtp.smtpReply(code: 550) == "5.1.1 mailbox unavailable 5.1.1 see https://example.org/550")
        #expect(
            smtp.mailError(service: .smtp, secret: "")
                == .rejected(code: 550, text: "5.1.1 mailbox unavailable 5.1.1 see https://example.org/550")
        )

        let noMechanism = CurlResponse(
            result: 67, responseCode: 250, body: [], serverLines: ["250-example.org", "250 AUTH GSSAPI"],
            errorText: "No known authentication mechanisms supported", exceededBodyLimit: false, cancelled: false
        )
        #expect(
            noMechanism.mailError(service: .smtp, secret: "")
                == .authentication("No known authentication mechanisms supported")
        )

        let imap = CurlResponse(
            result: 67, responseCode: 0,
            body: [],
            serverLines: ["* OK ready", "A001 NO [AUTHENTICATIONFAILED] Authentication failed for hunter22."],
            errorText: "Authentication failed", exceededBodyLimit: false, cancelled: false
        )
        #expect(
            imap.mailError(service: .imap, secret: "hunter22")
                == .authentication("[AUTHENTICATIONFAILED] Authentication failed for •••.")
        )

        let busy = CurlResponse(
            result: 67, responseCode: 0, body: [],
            serverLines: ["A001 NO [LIMIT] Maximum number of connections from user+IP exceeded"],
            errorText: "Login denied", exceededBodyLimit: false, cancelled: false
        )
        #expect(
            busy.mailError(service: .imap, secret: "")
                == .connection("[LIMIT] Maximum number of connections from user+IP exceeded"))

        let refusedThenLoggedOut = [
            "A003 NO Mailbox doesn't exist: Archive", "* BYE Logging out", "A004 OK Logout completed.",
        ]
        #expect(reply(refusedThenLoggedOut) == "Mailbox doesn't exist: Archive")
        #expect(reply(["A002 OK done", "* BYE Logging out", "A003 OK Logout completed."]) == nil)
        #expect(reply(["A002 OK done", "* BYE Server shutting down."]) == "Server shutting down.")
    }

    private func reply(_ lines: [String]) -> String? {
        CurlResponse(
            result: 0, responseCode: 0, body: [], serverLines: lines, errorText: "", exceededBodyLimit: false,
            cancelled: false
        ).imapReply
    }
}
