import Testing

@testable import EmailConnector

@Suite("HTML to text")
struct HTMLTextTests {
    @Test("an HTML-only mail reads as text: no head, style or script, lists and paragraphs kept")
    func htmlOnly() throws {
        let mail = try Fixtures.parse("html-only.eml")
        #expect(
            mail.text == """
                Order problem

                Hello team,
                my order #42 arrived damaged.

                - Broken lid
                - Missing "manual" & cable

                Price: 10€ — paid ✓

                Details: order page (https://example.com/orders/42)

                Item Qty
                Kettle 1

                Thanks,
                Li
                """)
        #expect(mail.html?.contains("<script>") == true)
        for hidden in ["Ignored title", "color: red", "tracking", "a comment"] {
            #expect(!mail.text.contains(hidden))
        }
    }

    @Test(
        "entities, including numeric ones",
        arguments: [
            ("a &amp; b &lt;c&gt;", "a & b <c>"),
            ("&#1055;&#x440;&#X438;", "При"),
            ("&#150; &#8364;", "– €"),
            ("&unknown; &amp", "&unknown; &"),
            ("&#0; &#xFFFFFFFF;", "\u{FFFD} \u{FFFD}"),
        ])
    func entities(html: String, text: String) {
        #expect(HTMLText.plainText(fromHTML: html) == text)
    }

    @Test("blockquotes become > lines so the quote is separated like in plain-text mail")
    func blockquote() throws {
        let mail = try Fixtures.parse(
            text: """
                From: a@example.com
                Content-Type: text/html

                <div>Yes, please.</div><div class="gmail_quote"><div>On Mon, Help Desk wrote:</div>\
                <blockquote><p>Shall we call you?</p></blockquote></div>
                """)
        #expect(mail.text == "Yes, please.")
        #expect(mail.quotedHistory == "On Mon, Help Desk wrote:\n\n> Shall we call you?")
    }

    @Test("whitespace collapses outside pre and is kept inside")
    func whitespace() {
        let html = "<p>  many    spaces\n\n here </p><pre>keep  this\n  indented</pre>"
        #expect(HTMLText.plainText(fromHTML: html) == "many spaces here\n\nkeep  this\n  indented")
    }

    @Test("unclosed script hides the rest; a stray < is text")
    func brokenMarkup() {
        #expect(HTMLText.plainText(fromHTML: "a < b and c > d") == "a < b and c > d")
        #expect(HTMLText.plainText(fromHTML: "shown<script>hidden forever") == "shown")
        #expect(HTMLText.plainText(fromHTML: "<head><title>t</title>no closing head<body>body text") == "body text")
    }
}
