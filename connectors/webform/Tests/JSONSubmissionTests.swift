import Foundation
import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("application/json submissions")
struct JSONSubmissionTests {
    @Test("a JSON object fills the event; numbers and bools keep their type; null is absent")
    func object() throws {
        let request = try Fixtures.request(
            contentType: "application/json; charset=utf-8", fixture: "json-submission.json")
        let event = try Fixtures.parse(request)
        #expect(event.content == "Do you have Romanian-speaking volunteers?")
        #expect(event.subject == "Volunteers")
        #expect(
            event.sender
                == InboundSender(
                    externalID: "maria.ionescu@example.org", name: "Maria Ionescu", email: "Maria.Ionescu@Example.ORG",
                    language: "ro"
                ))
        #expect(event.contactAttributes == ["age": .number(34), "consent": .bool(true), "city": "Iași"])
        #expect(event.rawPayload == String(decoding: try Fixtures.bytes("json-submission.json"), as: UTF8.self))
    }

    @Test("broken JSON is malformed")
    func malformed() throws {
        let request = try Fixtures.request(contentType: "application/json", fixture: "json-malformed.json")
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
        #expect(error == .malformed("the body is not valid JSON"))
    }

    @Test("JSON that is not an object is malformed", arguments: ["[]", "\"hello\"", "42", "null"])
    func notAnObject(body: String) throws {
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(Fixtures.json(body)) }
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("arrays and objects as field values are invalid, naming the field")
    func nestedValues() throws {
        let error = #expect(throws: SwitchboardError.self) {
            try Fixtures.parse(Fixtures.json(#"{"message":"hi","tags":["a","b"],"address":{"city":"Lviv"}}"#))
        }
        #expect(error?.invalidFields == ["address", "tags"])
    }

    @Test("a phone sent as a number still identifies the sender")
    func numericPhone() throws {
        let event = try Fixtures.parse(Fixtures.json(#"{"message":"hi","phone":380501234567}"#))
        #expect(event.sender.phone == "380501234567")
        #expect(event.sender.externalID == "380501234567")
    }
}
