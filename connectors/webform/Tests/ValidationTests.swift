import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("submission validation")
struct ValidationTests {
    @Test("a filled honeypot is invalid, naming the field, before anything else is checked")
    func honeypot() throws {
        for request in [
            Fixtures.urlencoded("message=buy+now&website=http%3A%2F%2Fspam.example"),
            Fixtures.json(#"{"website":"http://spam.example"}"#),
            Fixtures.multipart(fields: [("website", "x"), ("message", "hi")]),
        ] {
            let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
            #expect(error?.invalidFields == ["website"])
        }
    }

    @Test("the honeypot field name comes from the settings")
    func configuredHoneypot() throws {
        let settings = WebformSettings(config: ["honeypot_field": "fax"])
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(Fixtures.urlencoded("message=hi&fax=123"), settings: settings)
        }
        #expect(error?.invalidFields == ["fax"])
        // The default name is an ordinary field for this form, kept as an attribute.
        let event = try Fixtures.parse(Fixtures.urlencoded("message=hi&website=example.org"), settings: settings)
        #expect(event.contactAttributes == ["website": "example.org"])
    }

    @Test("a missing or blank message is invalid on message", arguments: ["name=Ivan", "name=Ivan&message=+%0D%0A+"])
    func missingMessage(body: String) throws {
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(Fixtures.urlencoded(body)) }
        #expect(error == .invalid([FieldError(field: "message", message: "must not be empty")]))
    }

    @Test("every problem is reported at once")
    func allProblems() throws {
        let longName = String(repeating: "n", count: 201)
        let longMessage = String(repeating: "m", count: 20_001)
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(
                Fixtures.json(#"{"name":"\#(longName)","email":"not an address","message":"\#(longMessage)"}"#)
            )
        }
        #expect(error?.invalidFields == ["email", "message", "name"])
    }

    @Test(
        "email addresses are checked for shape",
        arguments: [
            ("olena@example.org", true), ("o.k+help@mail.example.co.uk", true), ("olena", false),
            ("olena@localhost", false), ("@example.org", false), ("a@b@example.org", false),
            ("olena @example.org", false), ("olena@example.", false), ("olena@.org", false),
        ]
    )
    func email(address: String, valid: Bool) {
        #expect(EmailAddress.looksValid(address) == valid)
    }

    @Test("an Idempotency-Key makes the event id stable; without one every post is new")
    func idempotency() throws {
        let headers = ["idempotency-key": "order-4711"]
        let first = try Fixtures.parse(Fixtures.urlencoded("message=hi", headers: headers))
        let retry = try Fixtures.parse(Fixtures.urlencoded("message=hi", headers: headers))
        #expect(first.externalID == "idempotency:order-4711")
        #expect(retry.externalID == first.externalID)

        let one = try Fixtures.parse(Fixtures.urlencoded("message=hi"))
        let two = try Fixtures.parse(Fixtures.urlencoded("message=hi"))
        #expect(one.externalID.hasPrefix("form:"))
        #expect(one.externalID != two.externalID)
    }

    @Test(
        "an unusable Idempotency-Key is invalid",
        arguments: ["", "has space", String(repeating: "k", count: 201), "ключ"])
    func badIdempotencyKey(key: String) throws {
        let request = Fixtures.urlencoded("message=hi", headers: ["idempotency-key": key])
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
        #expect(error?.invalidFields == ["Idempotency-Key"])
    }

    @Test(
        "a missing or unknown content type is unsupported, naming the accepted types",
        arguments: [nil, "text/plain", "application/xml", "garbage"])
    func unsupported(contentType: String?) throws {
        let request = Fixtures.request(contentType: contentType, body: Array("message=hi".utf8))
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
        guard case .unsupportedMediaType(let detail) = error else {
            Issue.record("expected unsupportedMediaType, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("multipart/form-data") && detail.contains("application/json"))
    }

    @Test("a body over maxBodyBytes is too large before it is parsed")
    func bodyTooLarge() throws {
        let settings = WebformSettings(config: ["max_files": .number(0), "max_file_bytes": .number(1)])
        let body = Array(repeating: UInt8(ascii: "a"), count: settings.maxBodyBytes + 1)
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(
                Fixtures.request(contentType: "application/x-www-form-urlencoded", body: body), settings: settings)
        }
        guard case .tooLarge = error else {
            Issue.record("expected tooLarge, got \(String(describing: error))")
            return
        }
    }

    @Test("overlong field names are refused rather than silently dropped")
    func longFieldName() throws {
        let name = String(repeating: "f", count: 65)
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(Fixtures.urlencoded("message=hi&\(name)=x"))
        }
        #expect(error?.invalidFields == ["fields"])
        let fine = try Fixtures.parse(Fixtures.urlencoded("message=hi&\(name.dropLast())=x"))
        #expect(fine.contactAttributes.count == 1)
    }

    @Test("language must look like a language tag")
    func language() throws {
        #expect(try Fixtures.parse(Fixtures.urlencoded("message=hi&language=uk-UA")).sender.language == "uk-UA")
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(Fixtures.urlencoded("message=hi&language=%3Cscript%3E"))
        }
        #expect(error?.invalidFields == ["language"])
    }
}
