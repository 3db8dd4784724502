/// A mailbox: an address with the display name people see next to it.
///
/// Names arrive encoded (RFC 2047), quoted, in old-style comments (`ivan@example.com (Ivan)`) or inside groups;
/// `parseList` reads all of them so conversations show "Иван Петров" rather than `=?KOI8-R?B?…?=`.
public struct EmailAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The display name, decoded; nil when the mailbox has none.
    public var name: String?
    /// The address as written (`local@domain`), without angle brackets.
    public var address: String

    public init(name: String? = nil, address: String) {
        let trimmedName = name?.trimmed()
        self.name = trimmedName?.isEmpty == false ? trimmedName : nil
        self.address = address.trimmed()
    }

    /// The address for comparisons: lowercased, since mail systems treat addresses without regard to case.
    public var normalizedAddress: String { address.lowercased() }

    /// `Name <address>` for display, or the bare address.
    public var description: String {
        guard let name else { return address }
        return "\(name) <\(address)>"
    }

    /// Reads an address list header value (To, Cc, From, Reply-To): quoted names, comments, groups, encoded words.
    public static func parseList(_ value: String) -> [EmailAddress] {
        AddressListParser.parse(Array(value.utf8), decoder: .utf8)
    }

    /// Reads a single mailbox; nil when the text holds no address.
    public static func parse(_ value: String) -> EmailAddress? {
        parseList(value).first
    }
}
