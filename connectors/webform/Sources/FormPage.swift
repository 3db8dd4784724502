import SwitchboardCore

/// The public, embeddable form (`GET /forms/{uid}`): labelled fields, a hidden honeypot, no script.
///
/// The honeypot sits in a visually hidden, `aria-hidden` container, out of the tab order and
/// without autofill, so people (including screen-reader users) never fill it in while naive bots do.
struct FormPage {
    var inboxName: String
    var actionPath: String
    var settings: WebformSettings
    var errorMessage: String?

    var html: String {
        let limits = SubmissionValidator.self
        let title = settings.title ?? inboxName
        var body = "<h1>\(e(title))</h1>\n"
        if let intro = settings.intro {
            body += "<p>\(e(intro))</p>\n"
        }
        if let errorMessage, !errorMessage.isEmpty {
            body += "<div class=\"alert\" role=\"alert\">\(e(errorMessage))</div>\n"
        }
        body += """
            <form method="post" action="\(e(actionPath))" enctype="multipart/form-data" accept-charset="utf-8">
            <label for="sb-name">Name (optional)</label>
            <input id="sb-name" name="name" type="text" autocomplete="name" maxlength="\(limits.maxNameLength)">
            <label for="sb-email">Email (optional)</label>
            <input id="sb-email" name="email" type="email" autocomplete="email" maxlength="\(limits.maxEmailLength)">
            <label for="sb-phone">Phone (optional)</label>
            <input id="sb-phone" name="phone" type="tel" autocomplete="tel" maxlength="\(limits.maxPhoneLength)">
            <label for="sb-message">Message</label>
            <textarea id="sb-message" name="message" rows="8" required \
            maxlength="\(limits.maxMessageLength)"></textarea>

            """
        if settings.maxFiles > 0 {
            body += """
                <label for="sb-files">Files (optional)</label>
                <input id="sb-files" name="files" type="file" multiple aria-describedby="sb-files-hint">
                <p id="sb-files-hint" class="hint">\(e(fileHint))</p>

                """
        }
        body += """
            <div class="hp" aria-hidden="true">
            <label for="sb-hp">Leave this field empty</label>
            <input id="sb-hp" name="\(e(settings.honeypotField))" type="text" tabindex="-1" autocomplete="off">
            </div>
            <button type="submit">Send</button>
            </form>
            """
        return PageLayout.document(title: title, body: body)
    }

    private var fileHint: String {
        let files = settings.maxFiles == 1 ? "1 file" : "\(settings.maxFiles) files"
        return "Up to \(files), \(ByteSize.describe(settings.maxFileBytes)) each."
    }

    private func e(_ text: String) -> String { HTMLEscape.escape(text) }
}

/// Byte counts in the words people read on a form ("10 MB", "500 KB").
enum ByteSize {
    static func describe(_ bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        if bytes >= mebibyte {
            return bytes % mebibyte == 0
                ? "\(bytes / mebibyte) MB" : "\(Double(bytes * 10 / mebibyte) / 10) MB"
        }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }
}
