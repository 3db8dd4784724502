import Foundation
import SwitchboardCore
import Testing

/// Who may change what: the whole matrix of roles and permissions, without a database.
@Suite struct PermissionTests {
    static func principal(_ role: Role, id: Int64 = 10, teams: [Int64] = [1]) -> Principal {
        Principal(
            agent: Agent(
                id: id, accountID: 1, name: "A", email: "a@example.org", role: role, availability: .online, capacity: nil,
                createdAt: Date(), updatedAt: Date()
            ),
            teamIDs: teams
        )
    }

    static let adminOnly: [Permission] = [.changeAccountSettings, .addAgents, .createTeams, .manageInboxes, .manageCategories]
    static let supervisors: [Permission] = [
        .changeTeamMembers, .readInboxDiagnostics, .postIntoInbox, .manageRules, .manageTemplates, .mergeContacts, .readReports,
    ]

    @Test func rolesOfAccountWidePermissions() {
        for permission in Self.adminOnly {
            #expect(Self.principal(.admin).refusal(of: permission) == nil)
            #expect(Self.principal(.supervisor).refusal(of: permission) != nil, "\(permission)")
            #expect(Self.principal(.agent).refusal(of: permission) != nil, "\(permission)")
        }
        for permission in Self.supervisors {
            #expect(Self.principal(.admin).refusal(of: permission) == nil)
            #expect(Self.principal(.supervisor).refusal(of: permission) == nil, "\(permission)")
            #expect(Self.principal(.agent).refusal(of: permission) != nil, "\(permission)")
        }
    }

    @Test func agentsTakeUnassignedConversationsAndHandBackTheirOwn() {
        let agent = Self.principal(.agent, id: 10)
        #expect(agent.refusal(of: .changeConversation(assigneeID: nil, ConversationChange(assigneeID: .some(10)))) == nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: 10, ConversationChange(assigneeID: .some(nil)))) == nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: 11, ConversationChange(assigneeID: .some(10)))) != nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: nil, ConversationChange(assigneeID: .some(12)))) != nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: 11, ConversationChange(assigneeID: .some(nil)))) != nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: 10, ConversationChange(teamID: .some(2)))) != nil)
        #expect(agent.refusal(of: .changeConversation(assigneeID: 11, ConversationChange(status: .resolved, labels: ["x"]))) == nil)
        for role in [Role.admin, .supervisor] {
            #expect(Self.principal(role).refusal(of: .changeConversation(assigneeID: 11, ConversationChange(assigneeID: .some(12), teamID: .some(3)))) == nil)
        }
    }

    @Test func agentChangesByRole() {
        let admin = Self.principal(.admin, id: 1)
        let supervisor = Self.principal(.supervisor, id: 2)
        let agent = Self.principal(.agent, id: 3)
        #expect(admin.refusal(of: .changeAgent(agentID: 3, AgentChange(name: "N", role: .supervisor, capacity: 4))) == nil)
        #expect(supervisor.refusal(of: .changeAgent(agentID: 3, AgentChange(availability: .offline, capacity: 4))) == nil)
        #expect(supervisor.refusal(of: .changeAgent(agentID: 2, AgentChange(name: "Me"))) == nil)
        #expect(supervisor.refusal(of: .changeAgent(agentID: 3, AgentChange(name: "Other"))) != nil)
        #expect(supervisor.refusal(of: .changeAgent(agentID: 3, AgentChange(role: .admin))) != nil)
        #expect(agent.refusal(of: .changeAgent(agentID: 3, AgentChange(name: "Me", availability: .busy))) == nil)
        #expect(agent.refusal(of: .changeAgent(agentID: 3, AgentChange(capacity: 20))) != nil)
        #expect(agent.refusal(of: .changeAgent(agentID: 4, AgentChange(availability: .offline))) != nil)
        #expect(agent.refusal(of: .issueToken(agentID: 3)) == nil)
        #expect(agent.refusal(of: .issueToken(agentID: 4)) != nil)
        #expect(admin.refusal(of: .issueToken(agentID: 4)) == nil)
    }

    @Test func agentsDoNotReadReports() {
        #expect(throws: SwitchboardError.forbidden("only admin or supervisor may read reports and exports")) {
            try Self.principal(.agent).authorize(.readReports)
        }
    }

    @Test func refusalIsAForbiddenErrorNamingWhoMay() {
        #expect(throws: SwitchboardError.forbidden("only admin may add agents")) {
            try Self.principal(.supervisor).authorize(.addAgents)
        }
    }
}
