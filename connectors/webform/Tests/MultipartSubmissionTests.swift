import Foundation
import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("multipart/form-data submissions")
struct MultipartSubmissionTests {
    @Test("a browser post with two files becomes one event with both attachments")
    func browserPost() throws {
        let event = try Fixtures.parse(
            try Fixtures.request(contentType: Fixtures.multipartType, fixture: "multipart-browser.body"))
        #expect(event.content == "Our roof was damaged last night.\nWe need tarpaulin and help with repairs.")
        #expect(event.sender.externalID == "olena.koval@example.org")
        #expect(event.sender.name == "Olena Koval")
        #expect(event.sender.email == "Olena.Koval@Example.org")
        #expect(event.sender.phone == "+380 (50) 123-45-67")
        #expect(event.contactAttributes == ["city": "Kharkiv"])
        #expect(event.sentAt == Fixtures.receivedAt)
        #expect(event.externalID.hasPrefix("form:"))

        try #require(event.attachments.count == 2)
        #expect(event.attachments[0].name == "note.txt")
        #expect(event.attachments[0].contentType == "text/plain")
        #expect(event.attachments[0].data == (try Fixtures.bytes("note.txt")))
        #expect(event.attachments[1].name == "pixel.png")
        #expect(event.attachments[1].contentType == "image/png")
        #expect(event.attachments[1].data == (try Fixtures.bytes("pixel.png")))
    }

    @Test("the raw payload keeps the text fields and file sizes, not the file bytes")
    func rawPayload() throws {
        let event = try Fixtures.parse(
            try Fixtures.request(contentType: Fixtures.multipartType, fixture: "multipart-browser.body"))
        let raw = try JSONDecoder().decode(JSONValue.self, from: Data(event.rawPayload.utf8))
        guard case .object(let top) = raw, case .object(let fields) = top["fields"],
            case .array(let files) = top["files"]
        else {
            Issue.record("raw payload is not {fields, files}: \(event.rawPayload)")
            return
        }
        #expect(fields["city"] == "Kharkiv")
        #expect(fields["message"]?.stringValue?.hasPrefix("Our roof") == true)
        #expect(files.count == 2)
        #expect(
            files.first
                == .object(["field": "files", "name": "note.txt", "content_type": "text/plain", "size": .number(91)]))
        #expect(!event.rawPayload.contains("PNG"))
    }

    @Test("the empty part of a file input left blank is ignored")
    func emptyFileInput() throws {
        let event = try Fixtures.parse(
            try Fixtures.request(contentType: Fixtures.multipartType, fixture: "multipart-no-file.body"))
        #expect(event.attachments.isEmpty)
        #expect(event.content == "Is the distribution point open on Sunday?")
        #expect(event.sender.name == nil)
        #expect(event.sender.externalID.hasPrefix("anonymous:"))
        #expect(event.contactAttributes.isEmpty)
    }

    @Test("a file alone, without a message, is accepted")
    func fileWithoutMessage() throws {
        let request = Fixtures.multipart(
            fields: [("message", "  ")], files: [("scan.pdf", "application/pdf", [0x25, 0x50, 0x44, 0x46])])
        let event = try Fixtures.parse(request)
        #expect(event.content == "")
        #expect(event.attachments.map(\.name) == ["scan.pdf"])
    }

    @Test("a file over max_file_bytes is too large, naming the file and both sizes")
    func oversizedFile() throws {
        let settings = WebformSettings(config: ["max_file_bytes": .number(50)])
        let request = Fixtures.multipart(
            fields: [("message", "hi")],
            files: [("big.bin", "application/octet-stream", Array(repeating: 7, count: 51))])
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request, settings: settings) }
        #expect(error == .tooLarge("file \"big.bin\" is 51 bytes; the limit is 50"))
    }

    @Test("more files than max_files is invalid on files")
    func tooManyFiles() throws {
        let settings = WebformSettings(config: ["max_files": .number(1)])
        let request = Fixtures.multipart(
            fields: [("message", "two scans")],
            files: [("a.txt", "text/plain", [0x61]), ("b.txt", "text/plain", [0x62])]
        )
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request, settings: settings) }
        #expect(error?.invalidFields == ["files"])
    }

    @Test("file names lose their path and control characters; odd content types fall back")
    func fileNameAndType() throws {
        let request = Fixtures.multipart(
            fields: [], files: [("C:\\Users\\olena\\Desktop\\\u{202E}fdp.exe", "not a type", [1, 2, 3])]
        )
        let event = try Fixtures.parse(request)
        #expect(event.attachments.first?.name == "fdp.exe")
        #expect(event.attachments.first?.contentType == "application/octet-stream")
    }

    @Test("a body cut off before its closing boundary is malformed", arguments: [200, 700, 1100])
    func truncated(length: Int) throws {
        let whole = try Fixtures.bytes("multipart-browser.body")
        let request = Fixtures.request(contentType: Fixtures.multipartType, body: Array(whole.prefix(length)))
        let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("multipart without a boundary, or with the wrong one, is malformed")
    func missingBoundary() throws {
        for contentType in ["multipart/form-data", "multipart/form-data; boundary=somethingElse"] {
            let request = try Fixtures.request(contentType: contentType, fixture: "multipart-browser.body")
            let error = #expect(throws: SwitchboardError.self) { try Fixtures.parse(request) }
            guard case .malformed = error else {
                Issue.record("\(contentType): expected malformed, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("Content-Type parameters are read case-insensitively and may be quoted")
    func quotedBoundary() throws {
        let request = try Fixtures.request(
            contentType: "Multipart/Form-Data; BOUNDARY=\"\(Fixtures.boundary)\"", fixture: "multipart-browser.body"
        )
        #expect(try Fixtures.parse(request).attachments.count == 2)
    }
}
