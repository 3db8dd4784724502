import EmailConnector
import Foundation
import HTTPTypes
import MailTestSupport
import NIOCore
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Email surveys carry signed rating links: one click shows the rating, the button records it.
@Suite("Survey rating links")
struct RatingLinkTests {
    static let base = "https://help.example.org"

    @Test("an emailed survey's link rates the conversation once; forged, closed and repeated links do not")
    func ratingByLink() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let survey = try await org.template(
                "csat", "How did we do?\\n\\nVery good: {{survey.rating_url_5}}\\nGood: {{survey.rating_url_4}}\\nBad: {{survey.rating_url_1}}"
            )
            let inbox = try await MailInbox.create(org)
            let patched = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken,
                json: #"{"automations": {"csat_template_id": \#(survey)}}"#
            )
            #expect(patched.status == .ok)
            let customer = MailInbox.uniqueAddress("parent")
            try await inbox.seed(MailInbox.message(from: customer, subject: "Консультація", body: "Добрий день", messageID: "m-\(customer)"))
            #expect(try await inbox.poll().ingested == 1)
            let conversation = try #require(
                try await harness.request(.get, "/api/v1/conversations?inbox_id=\(inbox.id)", token: org.adminToken)
                    .json["items"]?[0]?["id"]?.int
            )

            // Before the survey is sent, a correctly signed link finds nothing to rate.
            let key = try #require(try await harness.store.inbox(id: inbox.id, accountID: org.id)?.uid)
            let early = try await harness.request(.get, "/rate/" + RatingLink(conversationID: Int64(conversation), rating: 3).token(key: key))
            #expect(early.status == .gone)

            let resolved = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "resolved"}"#
            )
            #expect(resolved.status == .ok)
            #expect(try await harness.assembly.automationScheduler(publicBaseURL: Self.base).tick() == 1)
            #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)

            // The mail holds a link per rating, in the text and as links in the HTML part.
            let mail = try MIMEParser.parse(try await SinkDelivery.find(recipient: customer, in: inbox.mail.smtpMaildir).message)
            let text = try #require(mail.text)
            let links = text.matches(of: /https:\/\/help\.example\.org(\/rate\/[0-9a-f-]+)/).map { String($0.output.1) }
            #expect(links.count == 3)
            let (five, four, one) = (links[0], links[1], links[2])
            #expect(four.hasPrefix("/rate/\(conversation)-4-"))
            #expect(mail.html?.contains(#"<a href="\#(Self.base)\#(four)">"#) == true)

            // Opening a link records nothing yet: it shows the rating and a form.
            let shown = try await harness.request(.get, four, headers: [.acceptLanguage: "uk-UA,uk;q=0.9,en;q=0.5"])
            #expect(shown.status == .ok)
            #expect(shown.headers[.contentType] == "text/html; charset=utf-8")
            #expect(shown.text.contains("★★★★☆"))
            #expect(shown.text.contains("Ваша оцінка"))
            #expect(shown.text.contains(#"<form method="post" action="\#(four)">"#))
            let stillOpen = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(stillOpen.json["csat"] == .null)

            // A token changed by hand (another rating, another conversation, garbage) is unknown.
            let forged = four.replacingOccurrences(of: "-4-", with: "-5-")
            #expect(try await harness.request(.get, forged).status == .notFound)
            #expect(try await harness.request(.post, forged).status == .notFound)
            #expect(try await harness.request(.get, "/rate/\(conversation + 1000)-4-" + String(four.suffix(32))).status == .notFound)
            #expect(try await harness.request(.get, "/rate/not-a-token").status == .notFound)

            // The button records the rating with the comment.
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let recorded = try await harness.request(
                .post, four, body: ByteBuffer(string: "comment=%D0%94%D1%8F%D0%BA%D1%83%D1%8E+%3C3"), headers: form
            )
            #expect(recorded.status == .ok)
            #expect(recorded.text.contains("Thank you for your feedback"))
            let rated = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(rated.json["csat"]?["rating"]?.int == 4)
            #expect(rated.json["csat"]?["comment"]?.string == "Дякую <3")
            #expect(rated.json["status"]?.string == "resolved")

            // The first rating stands: other links of the same mail only say so.
            let second = try await harness.request(.post, one, body: ByteBuffer(string: "comment=bad"), headers: form)
            #expect(second.status == .ok)
            #expect(second.text.contains("already been rated"))
            #expect(try await harness.request(.get, five).text.contains("already been rated"))
            let unchanged = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(unchanged.json["csat"]?["rating"]?.int == 4)
            #expect(unchanged.json["csat"]?["comment"]?.string == "Дякую <3")
        }
    }

    @Test("a comment over 2000 characters is refused on the page, and nothing is stored")
    func longComment() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let survey = try await org.template("csat", "Rate us: {{survey.rating_url_2}}")
            let created = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Line", "channel": {"kind": "api", "config": {}}, "automations": {"csat_template_id": \#(survey)}}"#
            )
            let inbox = Int64(try #require(created.json["id"]?.int))
            let posted = try await org.post(inbox: inbox, externalID: "a-1", sender: "anna", content: "Help")
            let conversation = try #require(posted.json["conversation_id"]?.int)

            // The render preview shows the link under the server's public address.
            let preview = try await harness.request(
                .post, "/api/v1/templates/\(survey)/render", token: org.adminToken, json: #"{"conversation_id": \#(conversation)}"#
            )
            #expect(preview.json["content"]?.string?.hasPrefix("Rate us: https://switchboard.test/rate/\(conversation)-2-") == true)

            _ = try await harness.request(.patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "resolved"}"#)
            #expect(try await harness.assembly.automationScheduler(publicBaseURL: Self.base).tick() == 1)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let content = try #require(messages.json["items"]?.array.last?["content"]?.string)
            let link = try #require(content.firstMatch(of: /\/rate\/[0-9a-f-]+/)).output

            let tooLong = try await harness.request(
                .post, String(link), body: ByteBuffer(string: "comment=" + String(repeating: "a", count: 2001)),
                headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.text.contains("The comment is too long"))
            let unrated = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(unrated.json["csat"] == .null)
            #expect(try await harness.request(.post, String(link)).status == .ok, "without a comment")
            let rated = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(rated.json["csat"]?["rating"]?.int == 2)
            #expect(rated.json["csat"]?["comment"] == .null)
        }
    }
}
