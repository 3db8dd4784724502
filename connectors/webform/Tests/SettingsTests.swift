import SwitchboardCore
import Testing

@testable import WebformConnector

@Suite("webform settings")
struct SettingsTests {
    @Test("an empty config gives the documented defaults")
    func defaults() {
        let settings = WebformSettings(config: [:])
        #expect(settings.maxFileBytes == 10 * 1024 * 1024)
        #expect(settings.maxFiles == 5)
        #expect(settings.honeypotField == "website")
        #expect(settings.rateLimitPerMinute == 10)
        #expect(settings.title == nil)
        #expect(settings.intro == nil)
        #expect(settings.thankYouMessage == "Thank you! We have received your message and will answer soon.")
        #expect(settings.maxBodyBytes == 5 * 10 * 1024 * 1024 + 1024 * 1024)
    }

    @Test("every key is read")
    func readsKeys() {
        let settings = WebformSettings(config: [
            "max_file_bytes": .number(2048), "max_files": "2", "honeypot_field": "fax",
            "rate_limit_per_minute": .number(0),
            "title": "  Help desk ", "intro": "Write to us.", "thank_you_message": "Thanks!",
        ])
        #expect(
            settings
                == WebformSettings(
                    maxFileBytes: 2048, maxFiles: 2, honeypotField: "fax", rateLimitPerMinute: 0, title: "Help desk",
                    intro: "Write to us.", thankYouMessage: "Thanks!"
                ))
        #expect(settings.maxBodyBytes == 2 * 2048 + 1024 * 1024)
    }

    @Test("wrong types and unusable values fall back to defaults")
    func lenient() {
        let settings = WebformSettings(config: [
            "max_file_bytes": "lots", "max_files": .number(2.5), "honeypot_field": "email",
            "rate_limit_per_minute": .number(-3), "title": .bool(true), "intro": "   ", "thank_you_message": .null,
        ])
        #expect(settings == WebformSettings(config: [:]))
        #expect(WebformSettings(config: ["max_file_bytes": .number(1e18)]).maxFileBytes == 10 * 1024 * 1024)
        #expect(WebformSettings(config: ["honeypot_field": "a b"]).honeypotField == "website")
    }
}
