/// One problem with one input field, reported to the caller so it can fix exactly that field.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The failures the domain can report. They carry no HTTP knowledge: the API decides how each looks
/// on the wire, so the same errors serve the CLI and the workers.
public enum SwitchboardError: Error, Sendable, Equatable {
    /// The input could not be read at all (malformed JSON, wrong encoding).
    case malformed(String)
    /// The input was readable but some fields are wrong.
    case invalid([FieldError])
    /// A change names something that does not exist or cannot be used there. The domain says what it
    /// is; the API says which field of its request that was.
    case badReference(Reference, String)
    case unauthorized(String)
    case forbidden(String)
    /// Missing, or belonging to another account: both look the same from outside.
    case notFound(String)
    case conflict(String)
    case tooLarge(String)
    case unsupportedMediaType(String)
    case rateLimited(String, retryAfterSeconds: Int)
    /// The database could not be reached or dropped the connection; callers should retry later.
    case storeUnavailable
    case notImplemented(String)

    public static func invalid(_ field: String, _ message: String) -> SwitchboardError {
        .invalid([FieldError(field: field, message: message)])
    }
}

extension SwitchboardError {
    /// Errors about the input itself: sending the same input again cannot succeed.
    public var isCallersFault: Bool {
        switch self {
        case .malformed, .invalid, .badReference, .tooLarge, .unsupportedMediaType: true
        default: false
        }
    }
}

/// What a change may refer to, in the domain's words.
public enum Reference: String, Sendable, Equatable {
    case teamMembers, mergedContact, parentCategory, team, greetingTemplate, assignee, unspecified
}
