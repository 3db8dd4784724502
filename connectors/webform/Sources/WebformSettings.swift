import Foundation
import SwitchboardCore

/// How one web-form inbox behaves, read from the inbox's channel config.
///
/// Reading is lenient on purpose: a config edited by hand must never take a public form offline,
/// so a key with the wrong type or an out-of-range value falls back to its default.
///
/// Config keys:
/// - `max_file_bytes` (default 10 MiB, at most 100 MiB): the largest accepted file.
/// - `max_files` (default 5, at most 20): how many files one submission may carry.
/// - `honeypot_field` (default `website`): the hidden field only bots fill in. It must be a plain
///   field name (letters, digits, `_`, `-`) and not one of the fields people fill in.
/// - `rate_limit_per_minute` (default 10, at most 10,000): submissions per client IP per minute;
///   `0` turns the limit off.
/// - `title` (default: the inbox name): the page heading.
/// - `intro`: a paragraph under the heading.
/// - `thank_you_message`: what people read after sending.
public struct WebformSettings: Sendable, Equatable {
    public static let defaultMaxFileBytes = 10 * 1024 * 1024
    public static let defaultMaxFiles = 5
    public static let defaultHoneypotField = "website"
    public static let defaultRateLimitPerMinute = 10
    public static let defaultThankYouMessage = "Thank you! We have received your message and will answer soon."

    /// The largest accepted file, in bytes.
    public var maxFileBytes: Int
    /// How many files one submission may carry.
    public var maxFiles: Int
    /// The field a person never sees; a value in it marks the post as spam.
    public var honeypotField: String
    /// Submissions allowed per client IP per minute; `0` means unlimited.
    public var rateLimitPerMinute: Int
    /// The page heading; the inbox name when absent.
    public var title: String?
    /// A paragraph under the heading.
    public var intro: String?
    /// Shown once a submission is stored.
    public var thankYouMessage: String

    /// The hard cap for one submission body: every file at its limit plus 1 MiB for the text fields
    /// and the multipart framing. The HTTP layer should stop reading past it.
    public var maxBodyBytes: Int { maxFiles * maxFileBytes + 1024 * 1024 }

    public init(
        maxFileBytes: Int = Self.defaultMaxFileBytes,
        maxFiles: Int = Self.defaultMaxFiles,
        honeypotField: String = Self.defaultHoneypotField,
        rateLimitPerMinute: Int = Self.defaultRateLimitPerMinute,
        title: String? = nil,
        intro: String? = nil,
        thankYouMessage: String = Self.defaultThankYouMessage
    ) {
        self.maxFileBytes = min(max(maxFileBytes, 1), Self.fileBytesCeiling)
        self.maxFiles = min(max(maxFiles, 0), Self.filesCeiling)
        self.honeypotField = Self.isUsableHoneypot(honeypotField) ? honeypotField : Self.defaultHoneypotField
        self.rateLimitPerMinute = min(max(rateLimitPerMinute, 0), Self.rateCeiling)
        self.title = title
        self.intro = intro
        self.thankYouMessage = thankYouMessage
    }

    /// Reads the settings from an inbox's channel config; see the type's documentation for the keys.
    public init(config: [String: JSONValue]) {
        self.init(
            maxFileBytes: Self.integer(config["max_file_bytes"], in: 1...Self.fileBytesCeiling)
                ?? Self.defaultMaxFileBytes,
            maxFiles: Self.integer(config["max_files"], in: 0...Self.filesCeiling) ?? Self.defaultMaxFiles,
            honeypotField: Self.text(config["honeypot_field"]) ?? Self.defaultHoneypotField,
            rateLimitPerMinute: Self.integer(config["rate_limit_per_minute"], in: 0...Self.rateCeiling)
                ?? Self.defaultRateLimitPerMinute,
            title: Self.text(config["title"]),
            intro: Self.text(config["intro"]),
            thankYouMessage: Self.text(config["thank_you_message"]) ?? Self.defaultThankYouMessage
        )
    }

    static let fileBytesCeiling = 100 * 1024 * 1024
    static let filesCeiling = 20
    static let rateCeiling = 10_000

    /// An integer from a JSON number or a numeric string; nil when absent, fractional or out of range.
    private static func integer(_ value: JSONValue?, in range: ClosedRange<Int>) -> Int? {
        let number: Double
        switch value {
        case .number(let value): number = value
        case .string(let text):
            guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)) else { return nil }
            number = parsed
        default: return nil
        }
        guard number.isFinite, number.rounded() == number,
            number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else { return nil }
        return Int(number)
    }

    /// A trimmed, non-empty string; nil otherwise.
    private static func text(_ value: JSONValue?) -> String? {
        guard case .string(let text) = value else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func isUsableHoneypot(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= FormFieldNames.maxNameLength,
            !FormFieldNames.reserved.contains(name)
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
    }
}
