import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("application/x-www-form-urlencoded submissions")
struct URLEncodedSubmissionTests {
    @Test("percent-encoded Cyrillic decodes; + is a space; repeated keys are joined")
    func cyrillic() throws {
        let event = try Fixtures.parse(
            try Fixtures.request(contentType: "application/x-www-form-urlencoded", fixture: "urlencoded-cyrillic.body")
        )
        #expect(event.content == "Потрібна допомога з ліками для мами, 78 років.\nМи в Харкові.")
        #expect(event.sender.name == "Олена Коваль")
        #expect(event.sender.externalID == "olena@example.org")
        #expect(event.sender.phone == nil)
        #expect(event.contactAttributes == ["topic": "medicine, transport"])
        #expect(event.rawPayload == String(decoding: try Fixtures.bytes("urlencoded-cyrillic.body"), as: UTF8.self))
        #expect(event.attachments.isEmpty)
    }

    @Test("charset=UTF-8 in any case is accepted; another charset is not")
    func charset() throws {
        let body = Array("message=hello".utf8)
        let utf8 = Fixtures.request(contentType: "application/x-www-form-urlencoded; Charset=UTF-8", body: body)
        #expect(try Fixtures.parse(utf8).content == "hello")
        let latin1 = Fixtures.request(contentType: "application/x-www-form-urlencoded; charset=iso-8859-1", body: body)
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(latin1) }
        guard case .unsupportedMediaType = error else {
            Issue.record("expected unsupportedMediaType, got \(String(describing: error))")
            return
        }
    }

    @Test(
        "broken percent-escapes and invalid UTF-8 are malformed",
        arguments: ["message=50%", "message=%zz", "message=%C3%28"])
    func brokenEncoding(body: String) throws {
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(Fixtures.urlencoded(body)) }
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("the phone identifies the sender when there is no email")
    func phoneIdentity() throws {
        let event = try Fixtures.parse(Fixtures.urlencoded("phone=%2B380+50+123-45-67&message=call+me"))
        #expect(event.sender.externalID == "+380501234567")
        #expect(event.sender.phone == "+380 50 123-45-67")
    }
}
