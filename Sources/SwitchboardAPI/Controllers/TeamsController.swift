import Foundation
import Hummingbird
import SwitchboardCore

struct CreateTeamRequest: Decodable {
    var name: String
}

struct TeamMembersRequest: Decodable {
    var agentIDs: [Int64]

    enum CodingKeys: String, CodingKey {
        case agentIDs = "agent_ids"
    }
}

/// Teams group agents; an inbox's team decides which agents see its conversations.
struct TeamsController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            return try JSONBody.response(ListDTO(items: try await deps.directory.teams(accountID: principal.accountID).map(TeamDTO.init)))
        }
        group.post { request, context in
            let principal = try context.requirePrincipal()
            try principal.authorize(.createTeams)
            let body = try await JSONBody.decode(CreateTeamRequest.self, from: request, context: context)
            var validator = Validator()
            validator.text(body.name, "name", max: 200, required: true)
            try validator.check()
            let team = try await deps.directory.createTeam(
                accountID: principal.accountID, name: body.name.trimmingCharacters(in: .whitespacesAndNewlines)
            )
            return try JSONBody.response(TeamDTO(team), status: .created)
        }
        group.get(":id") { _, context in
            let principal = try context.requirePrincipal()
            let id = try pathID(context, "id", "team")
            guard let team = try await deps.directory.team(id: id, accountID: principal.accountID) else {
                throw SwitchboardError.notFound("team \(id)")
            }
            return try JSONBody.response(TeamDTO(team))
        }
        group.put(":id/members") { request, context in
            let principal = try context.requirePrincipal()
            let id = try pathID(context, "id", "team")
            guard try await deps.directory.team(id: id, accountID: principal.accountID) != nil else {
                throw SwitchboardError.notFound("team \(id)")
            }
            try principal.authorize(.changeTeamMembers)
            let body = try await JSONBody.decode(TeamMembersRequest.self, from: request, context: context)
            if body.agentIDs.count > 1000 { throw SwitchboardError.invalid("agent_ids", "must list at most 1000 agents") }
            let outcome = try await deps.useCases.changeTeamMembers(teamID: id, accountID: principal.accountID, agentIDs: body.agentIDs)
            await deps.effects.carryOut(outcome.effects)
            guard let team = outcome.value else { throw SwitchboardError.notFound("team \(id)") }
            return try JSONBody.response(TeamDTO(team))
        }
    }
}
