import Testing

@testable import WebformConnector

@Suite("header and file name helpers")
struct HelperTests {
    @Test(
        "file names are made safe",
        arguments: [
            ("report.pdf", "report.pdf"), ("../../etc/passwd", "passwd"), ("C:\\fakepath\\photo.jpg", "photo.jpg"),
            ("bad\u{0}name\u{7}.txt", "badname.txt"), ("  ", "attachment"), ("..", "attachment"),
            ("dir/", "attachment"),
            ("звіт.docx", "звіт.docx"),
        ]
    )
    func fileNames(raw: String, expected: String) {
        #expect(FileNameSanitizer.sanitize(raw) == expected)
    }

    @Test("long file names are cut to 255 bytes, keeping the extension")
    func longFileName() {
        let name = FileNameSanitizer.sanitize(String(repeating: "я", count: 300) + ".pdf")
        #expect(name.utf8.count <= 255)
        #expect(name.hasSuffix(".pdf"))
    }

    @Test("Content-Disposition: quoted names with semicolons, and RFC 8187 file names")
    func contentDisposition() {
        let plain = ContentDisposition(#"form-data; name="files"; filename="a; b.txt""#)
        #expect(plain == ContentDisposition(name: "files", filename: "a; b.txt"))
        let extended = ContentDisposition(#"form-data; name="files"; filename="x.txt"; filename*=UTF-8''%D0%B0.txt"#)
        #expect(extended?.filename == "а.txt")
        #expect(ContentDisposition("attachment; name=\"x\"") == nil)
        #expect(ContentDisposition("form-data") == nil)
    }

    @Test("media types: lower-cased essence, case-insensitive parameter names, quoted values")
    func mediaType() {
        let type = MediaType(#"Multipart/Form-Data; Boundary="a;b"; charset=UTF-8"#)
        #expect(type?.essence == "multipart/form-data")
        #expect(type?.parameters == ["boundary": "a;b", "charset": "UTF-8"])
        #expect(MediaType("text") == nil)
        #expect(MediaType("") == nil)
    }
}
