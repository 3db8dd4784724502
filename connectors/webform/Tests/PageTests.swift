import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("form and thank-you pages")
struct PageTests {
    let hostile = "<script>alert('x')</script> & \"friends\""

    @Test("the form page is a complete, labelled HTML5 form posting multipart to the action path")
    func formPage() {
        let html = WebformConnector.formPage(
            inboxName: "Help line", actionPath: "/forms/f7Kq2",
            settings: WebformSettings(config: ["intro": "We answer within a day."])
        )
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for fragment in [
            "<html lang=\"en\">", "<meta charset=\"utf-8\">", "<meta name=\"viewport\"", "<title>Help line</title>",
            "<h1>Help line</h1>", "<p>We answer within a day.</p>",
            "<form method=\"post\" action=\"/forms/f7Kq2\" enctype=\"multipart/form-data\"",
            "<label for=\"sb-name\">", "id=\"sb-name\" name=\"name\"",
            "<label for=\"sb-email\">", "name=\"email\" type=\"email\"",
            "<label for=\"sb-phone\">", "name=\"phone\" type=\"tel\"",
            "<label for=\"sb-message\">", "<textarea id=\"sb-message\" name=\"message\"", " required",
            "<label for=\"sb-files\">", "name=\"files\" type=\"file\" multiple",
            "<div class=\"hp\" aria-hidden=\"true\">", "<label for=\"sb-hp\">Leave this field empty</label>",
            "name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"", "<button type=\"submit\">",
            "Up to 5 files, 10 MB each.",
        ] {
            #expect(html.contains(fragment), "missing \(fragment)")
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("role=\"alert\""))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test("every interpolated value is escaped")
    func escaping() {
        let settings = WebformSettings(config: ["intro": .string(hostile)])
        let html = WebformConnector.formPage(
            inboxName: hostile, actionPath: "/forms/\"><script>", settings: settings, errorMessage: hostile
        )
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;"))
        #expect(html.contains("action=\"/forms/&quot;&gt;&lt;script&gt;\""))
        #expect(html.contains("<div class=\"alert\" role=\"alert\">&lt;script&gt;"))

        let thanks = WebformConnector.thankYouPage(
            inboxName: hostile, formPath: "/forms/x\"",
            settings: WebformSettings(config: ["thank_you_message": .string(hostile)])
        )
        #expect(!thanks.contains("<script"))
        #expect(thanks.contains("href=\"/forms/x&quot;\""))
    }

    @Test("the title setting replaces the inbox name; no file input when files are off")
    func titleAndNoFiles() {
        let html = WebformConnector.formPage(
            inboxName: "internal name", actionPath: "/forms/a",
            settings: WebformSettings(config: ["title": "Ask us", "max_files": .number(0)])
        )
        #expect(html.contains("<h1>Ask us</h1>"))
        #expect(!html.contains("internal name"))
        #expect(!html.contains("type=\"file\""))
    }

    @Test("the thank-you page shows the message and links back to the form")
    func thankYou() {
        let html = WebformConnector.thankYouPage(
            inboxName: "Help line", formPath: "/forms/f7Kq2", settings: WebformSettings(config: [:]))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("Thank you! We have received your message and will answer soon."))
        #expect(html.contains("<a href=\"/forms/f7Kq2\">"))
    }
}
