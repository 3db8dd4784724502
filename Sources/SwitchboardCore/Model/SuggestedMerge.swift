import Foundation

/// Another contact of the account that is probably the same person: offered to people who may merge,
/// never merged by itself (two people may share a phone).
public struct SuggestedMerge: Sendable, Equatable {
    /// Why the two look alike.
    public enum Reason: String, Sendable {
        /// Their phone numbers are one number, written nationally or internationally.
        case samePhone = "same_phone"
    }

    public var contactID: Int64
    public var name: String
    public var phone: String?
    public var reason: Reason

    public init(contactID: Int64, name: String, phone: String?, reason: Reason) {
        self.contactID = contactID
        self.name = name
        self.phone = phone
        self.reason = reason
    }

}
