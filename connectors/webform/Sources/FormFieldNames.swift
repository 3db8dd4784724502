/// The field names the form, its readers and its validator agree on, kept in one place.
enum FormFieldNames {
    static let name = "name"
    static let email = "email"
    static let phone = "phone"
    static let message = "message"
    static let subject = "subject"
    static let language = "language"
    /// The name the form page gives its file input; any multipart part with a filename is a file.
    static let files = "files"

    /// Fields that map onto the event or the sender rather than becoming contact attributes.
    static let eventFields: Set<String> = [name, email, phone, message, subject, language]
    /// Names the honeypot must not take: a person fills these in.
    static let reserved: Set<String> = eventFields.union([files])

    /// Longer field names are refused: no real form needs them, and they would become attribute keys.
    static let maxNameLength = 64
    /// More distinct fields than this in one submission is refused.
    static let maxFieldCount = 100
}
