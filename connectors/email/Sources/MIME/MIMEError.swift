/// Why a raw message could not be read at all.
///
/// The parser prefers a best-effort result to an error: it throws only when nothing usable is left.
public enum MIMEError: Error, Sendable, Equatable {
    /// The input held no bytes (or only whitespace).
    case empty
    /// The input is larger than `MIMEParser.maximumMessageBytes`.
    case tooLarge(bytes: Int, limit: Int)
}
