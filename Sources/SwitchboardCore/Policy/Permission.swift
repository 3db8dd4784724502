/// Everything in an account that not every signed-in agent may do, named once.
///
/// Reading is governed by `Visibility` (agents see the conversations of their teams' inboxes and the
/// ones assigned to them); this is about changing things. Controllers ask `Principal.authorize` before
/// they call a use case, so who may do what is decided here and tested here, not spread over handlers.
public enum Permission: Sendable, Equatable {
    case changeAccountSettings
    case addAgents
    /// Name, role, availability or capacity of the agent `agentID`.
    case changeAgent(agentID: Int64, AgentChange)
    case issueToken(agentID: Int64)
    case createTeams
    case changeTeamMembers
    case manageInboxes
    /// Refused mail and skipped payloads: what an inbox's channel could not store.
    case readInboxDiagnostics
    /// Posting into an `api` inbox with an agent's token (integrations have their own).
    case postIntoInbox
    case manageRules
    case manageTemplates
    case manageCategories
    case mergeContacts
    /// Erasing a person's data, and the export of everything held about them (subject access).
    case erasePersonalData
    case exportPersonalData
    /// Listing and revoking the API tokens of the agent `agentID`.
    case manageTokens(agentID: Int64)
    /// Reports, the wallboard and exports: figures about everyone's work, and every conversation's metadata.
    case readReports
    /// Outbound webhook endpoints: where the account's events are sent, with their signing secrets.
    case manageWebhooks
    /// The audit trail: who read and changed what.
    case readAudit
    /// A change of a conversation that currently has the agent `assigneeID` (nil: unassigned).
    case changeConversation(assigneeID: Int64?, ConversationChange)
}

extension Principal {
    /// Throws `forbidden` with a sentence saying who may, when this agent may not.
    public func authorize(_ permission: Permission) throws(SwitchboardError) {
        if let refusal = refusal(of: permission) { throw .forbidden(refusal) }
    }

    /// Why the permission is refused, or nil when it is granted.
    public func refusal(of permission: Permission) -> String? {
        switch permission {
        case .changeAccountSettings: return only([.admin], "change the account's settings")
        case .addAgents: return only([.admin], "add agents")
        case .createTeams: return only([.admin], "create teams")
        case .manageInboxes: return only([.admin], "create, change or delete inboxes")
        case .manageCategories: return only([.admin], "change categories")
        case .changeTeamMembers: return only([.admin, .supervisor], "change team members")
        case .readInboxDiagnostics: return only([.admin, .supervisor], "read what an inbox skipped or refused")
        case .postIntoInbox: return only([.admin, .supervisor], "post messages into an inbox")
        case .manageRules: return only([.admin, .supervisor], "change rules")
        case .manageTemplates: return only([.admin, .supervisor], "change templates")
        case .mergeContacts: return only([.admin, .supervisor], "merge contacts")
        case .erasePersonalData: return only([.admin], "erase a person's data")
        case .exportPersonalData: return only([.admin], "export a person's data")
        case .manageTokens(let agentID):
            return role == .admin || agentID == agent.id ? nil : "only admins may list or revoke other agents' tokens"
        case .readReports: return only([.admin, .supervisor], "read reports and exports")
        case .manageWebhooks: return only([.admin], "manage webhook endpoints")
        case .readAudit: return only([.admin], "read the audit trail")
        case .issueToken(let agentID):
            return role == .admin || agentID == agent.id ? nil : "only admins may issue tokens for other agents"
        case .changeAgent(let agentID, let change):
            return agentChangeRefusal(agentID: agentID, change)
        case .changeConversation(let assigneeID, let change):
            return conversationChangeRefusal(assigneeID: assigneeID, change)
        }
    }

    private func only(_ roles: [Role], _ action: String) -> String? {
        roles.contains(role) ? nil : "only \(roles.map(\.rawValue).joined(separator: " or ")) may \(action)"
    }

    /// Admins change anyone; supervisors anyone's availability and capacity and their own name; agents their
    /// own availability and name.
    private func agentChangeRefusal(agentID: Int64, _ change: AgentChange) -> String? {
        switch role {
        case .admin:
            return nil
        case .supervisor where change.active != nil, .agent where change.active != nil:
            return "only admins may deactivate or reactivate agents"
        case .supervisor:
            if change.role != nil || (change.name != nil && agentID != agent.id) {
                return "only admins may change another agent's role or name"
            }
            return nil
        case .agent:
            if agentID != agent.id || change.role != nil || change.capacity != nil {
                return "agents may change only their own availability and name"
            }
            return nil
        }
    }

    /// Admins and supervisors change any conversation they see. Agents may take an unassigned one, hand
    /// back their own, and change status, priority, labels, category and snooze; moving between teams and
    /// giving a conversation to someone else are for admins and supervisors.
    private func conversationChangeRefusal(assigneeID: Int64?, _ change: ConversationChange) -> String? {
        guard role == .agent else { return nil }
        if change.teamID != nil { return "only admins and supervisors may move conversations between teams" }
        switch change.assigneeID {
        case .none: return nil
        case .some(.some(let id)) where id == agent.id && assigneeID == nil: return nil
        case .some(.none) where assigneeID == agent.id: return nil
        default: return "agents may only take unassigned conversations or hand back their own"
        }
    }
}
