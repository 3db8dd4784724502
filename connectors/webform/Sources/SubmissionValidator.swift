import SwitchboardCore

/// A submission whose fields passed every check, split into what the event needs.
struct ValidSubmission {
    var name: String?
    var email: String?
    var phone: String?
    var message: String
    var subject: String?
    var language: String?
    var attributes: [String: JSONValue]
}

/// Checks a submission's fields and reports every problem at once, so a person fixes the form in
/// one round. Limits: `message` up to 20,000 characters (required unless a file is attached),
/// `name` 200, `subject` 300, `phone` 64, `email` 254 and shaped like an address, `language` a
/// short language tag, other fields 10,000 characters each.
enum SubmissionValidator {
    static let maxMessageLength = 20_000
    static let maxNameLength = 200
    static let maxSubjectLength = 300
    static let maxPhoneLength = 64
    static let maxEmailLength = 254
    static let maxAttributeLength = 10_000

    /// Refuses a post whose honeypot holds anything: only a bot fills in a field people cannot see.
    static func checkHoneypot(_ fields: FormFields, settings: WebformSettings) throws(SwitchboardError) {
        guard let value = fields.values[settings.honeypotField] else { return }
        if case .bool(false) = value { return }
        throw .invalid(settings.honeypotField, "must be left empty")
    }

    static func validate(
        _ fields: FormFields, fileCount: Int, settings: WebformSettings, extraErrors: [FieldError] = []
    ) throws(SwitchboardError) -> ValidSubmission {
        var errors = extraErrors + fields.problems
        func limited(_ field: String, _ limit: Int) -> String? {
            guard let value = fields.text(field) else { return nil }
            if value.count > limit {
                errors.append(FieldError(field: field, message: "must be at most \(limit) characters"))
            }
            return value
        }
        let message = limited(FormFieldNames.message, maxMessageLength)
        if message == nil && fileCount == 0 {
            errors.append(FieldError(field: FormFieldNames.message, message: "must not be empty"))
        }
        let name = limited(FormFieldNames.name, maxNameLength)
        let subject = limited(FormFieldNames.subject, maxSubjectLength)
        let phone = limited(FormFieldNames.phone, maxPhoneLength)
        let email = fields.text(FormFieldNames.email)
        if let email, !EmailAddress.looksValid(email) {
            errors.append(
                FieldError(field: FormFieldNames.email, message: "must be an email address such as name@example.org"))
        }
        let language = fields.text(FormFieldNames.language)
        if let language, !isLanguageTag(language) {
            errors.append(
                FieldError(
                    field: FormFieldNames.language, message: "must be a language tag such as \"en\" or \"uk-UA\""))
        }
        if fileCount > settings.maxFiles {
            let detail =
                settings.maxFiles == 0
                ? "this form does not accept files"
                : "at most \(settings.maxFiles) files are accepted; \(fileCount) were sent"
            errors.append(FieldError(field: FormFieldNames.files, message: detail))
        }
        var attributes: [String: JSONValue] = [:]
        for (field, value) in fields.values
        where !FormFieldNames.eventFields.contains(field) && field != settings.honeypotField {
            if case .string(let text) = value, text.count > maxAttributeLength {
                errors.append(FieldError(field: field, message: "must be at most \(maxAttributeLength) characters"))
            }
            attributes[field] = value
        }
        guard errors.isEmpty else { throw .invalid(errors.sorted { $0.field < $1.field }) }
        return ValidSubmission(
            name: name, email: email, phone: phone, message: message ?? "", subject: subject,
            language: language, attributes: attributes
        )
    }

    /// A BCP 47-shaped tag: letters first, then letter/digit subtags joined by `-` (or `_`).
    static func isLanguageTag(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard text.count <= 35, let first = subtags.first, (2...8).contains(first.count),
            first.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count)
                && subtag.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                }
        }
    }
}

/// The "looks like an address" check: deliverability is the mail server's business, but obvious
/// typos (no @, spaces, no domain) are caught while the person is still at the form.
enum EmailAddress {
    static func looksValid(_ text: String) -> Bool {
        guard text.utf8.count <= SubmissionValidator.maxEmailLength,
            !text.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
            })
        else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        return !local.isEmpty && local.utf8.count <= 64
            && domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }
}
