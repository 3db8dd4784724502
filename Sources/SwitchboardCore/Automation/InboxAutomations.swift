import Foundation

/// What an inbox sends by itself: out of office, the farewell and survey at the end, a reminder and an
/// automatic resolve when the contact stops answering.
public struct InboxAutomations: Sendable, Equatable {
    public var farewellTemplateID: Int64?
    public var csatTemplateID: Int64?
    /// How long after the survey a bare "1"–"5" (or 👍/👎) counts as the rating, not as a new request.
    public var csatWindowHours: Int
    /// Sent instead of the greeting when a conversation opens outside `officeHours`.
    public var outOfOfficeTemplateID: Int64?
    public var officeHours: OfficeHours?
    /// Sent once when the contact has not answered our last message for `inactivityReminderMinutes`.
    public var inactivityReminderTemplateID: Int64?
    public var inactivityReminderMinutes: Int?
    /// Minutes of further silence (after the reminder, or after our message when there is no reminder)
    /// before the conversation is resolved by itself; nil never resolves.
    public var inactivityResolveMinutes: Int?
    /// A private note left on a conversation resolved for inactivity, so agents see why it closed.
    public var inactivityResolveNote: String?

    public init(
        farewellTemplateID: Int64? = nil, csatTemplateID: Int64? = nil, csatWindowHours: Int = 24,
        outOfOfficeTemplateID: Int64? = nil, officeHours: OfficeHours? = nil,
        inactivityReminderTemplateID: Int64? = nil, inactivityReminderMinutes: Int? = nil,
        inactivityResolveMinutes: Int? = nil, inactivityResolveNote: String? = nil
    ) {
        self.inactivityReminderTemplateID = inactivityReminderTemplateID
        self.inactivityReminderMinutes = inactivityReminderMinutes
        self.inactivityResolveMinutes = inactivityResolveMinutes
        self.inactivityResolveNote = inactivityResolveNote
        self.farewellTemplateID = farewellTemplateID
        self.csatTemplateID = csatTemplateID
        self.csatWindowHours = csatWindowHours
        self.outOfOfficeTemplateID = outOfOfficeTemplateID
        self.officeHours = officeHours
    }

    /// The template that welcomes a conversation opening at `moment`: out of office outside working
    /// hours (when both are set), else the greeting.
    public func welcomeTemplate(greeting: Int64?, at moment: Date) -> Int64? {
        if let hours = officeHours, let away = outOfOfficeTemplateID, !hours.isOpen(at: moment) { return away }
        return greeting
    }
}
