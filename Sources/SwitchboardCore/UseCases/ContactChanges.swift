/// A change of a contact's name, attributes or blocked flag. The attributes are checked against their
/// limits here, wherever the change comes from, so one oversized value cannot slow every later read.
public struct UpdateContact: Sendable {
    let contacts: any ContactStore

    public init(contacts: any ContactStore) {
        self.contacts = contacts
    }

    /// The contact after the change; nil when it is not in the account.
    public func callAsFunction(contactID: Int64, accountID: Int64, _ change: ContactChange) async throws -> Outcome<Contact?> {
        if let attributes = change.attributes {
            let problems = ContactAttributeLimits.problems(attributes, field: "attributes")
            if !problems.isEmpty { throw SwitchboardError.invalid(problems) }
        }
        return Outcome(try await contacts.updateContact(id: contactID, accountID: accountID, change))
    }
}

/// Two records of one person become one: the other contact's identities and conversations move to this
/// one, and the other is removed, in one transaction, audited as the actor's.
public struct MergeContacts: Sendable {
    let contacts: any ContactStore

    public init(contacts: any ContactStore) {
        self.contacts = contacts
    }

    /// The merged contact; nil when either is not in the account.
    public func callAsFunction(contactID: Int64, otherID: Int64, accountID: Int64, actorID: Int64) async throws -> Outcome<Contact?> {
        guard otherID != contactID else { throw SwitchboardError.invalid("other_id", "must be another contact") }
        return Outcome(try await contacts.mergeContact(id: contactID, otherID: otherID, accountID: accountID, actorID: actorID))
    }
}
